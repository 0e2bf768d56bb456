import { RegistryModule } from './registry/RegistryModule';

/** Beneficiaries: list and search, one beneficiary's record, the create/edit form, the review queue. */
export default function RegistryPage() {
  return <RegistryModule />;
}
