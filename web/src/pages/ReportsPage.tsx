import { ModulePlaceholder } from '../components/ModulePlaceholder';

/** Placeholder until the reports module is built; the route and menu entry are already wired. */
export default function ReportsPage() {
  return <ModulePlaceholder titleKey="menu.reports" descriptionKey="module.reports.description" />;
}
