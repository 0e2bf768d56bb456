import { ModulePlaceholder } from '../components/ModulePlaceholder';

/** Placeholder until the registry module is built; the route and menu entry are already wired. */
export default function RegistryPage() {
  return <ModulePlaceholder titleKey="menu.registry" descriptionKey="module.registry.description" />;
}
