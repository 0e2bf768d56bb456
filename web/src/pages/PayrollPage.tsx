import { ModulePlaceholder } from '../components/ModulePlaceholder';

/** Placeholder until the payroll module is built; the route and menu entry are already wired. */
export default function PayrollPage() {
  return <ModulePlaceholder titleKey="menu.payroll" descriptionKey="module.payroll.description" />;
}
