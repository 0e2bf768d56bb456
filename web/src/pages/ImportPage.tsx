import { ModulePlaceholder } from '../components/ModulePlaceholder';

/** Placeholder until the import module is built; the route and menu entry are already wired. */
export default function ImportPage() {
  return <ModulePlaceholder titleKey="menu.import" descriptionKey="module.import.description" />;
}
