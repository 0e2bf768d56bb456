import { AccountsModule } from './accounts/AccountsModule';

/** Payment accounts: approval queue of account changes, proposals and verification runs. */
export default function AccountsPage() {
  return <AccountsModule />;
}
