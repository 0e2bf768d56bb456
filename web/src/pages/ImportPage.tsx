import { ImportWizard } from './import/ImportWizard';

/** Import beneficiary lists from CSV/XLSX: upload, check, confirm, result. */
export default function ImportPage() {
  return <ImportWizard />;
}
