import { ModulePlaceholder } from '../components/ModulePlaceholder';

/** Placeholder until the accounts module is built; the route and menu entry are already wired. */
export default function AccountsPage() {
  return <ModulePlaceholder titleKey="menu.accounts" descriptionKey="module.accounts.description" />;
}
