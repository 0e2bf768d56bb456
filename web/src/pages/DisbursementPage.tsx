import { ModulePlaceholder } from '../components/ModulePlaceholder';

/** Placeholder until the disbursement module is built; the route and menu entry are already wired. */
export default function DisbursementPage() {
  return <ModulePlaceholder titleKey="menu.disbursement" descriptionKey="module.disbursement.description" />;
}
