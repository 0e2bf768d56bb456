import { Tabs } from 'antd';
import { useState } from 'react';
import { useSession } from '../auth';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../language';
import { localityLabel, useLocality } from '../locality';
import { ImportApprovals } from './import/ImportApprovals';
import { ImportWizard } from './import/ImportWizard';
import { useImportTexts } from './import/texts';

/**
 * Import beneficiary lists from CSV/XLSX (upload, check, confirm, result), and the imports whose
 * payment accounts wait for a second person's approval of the whole file.
 */
export default function ImportPage() {
  const t = useImportTexts();
  const { t: shell } = useI18n();
  const { locality } = useLocality();
  const { can } = useSession();
  const canImport = can('registry.import');
  const [tab, setTab] = useState(canImport ? 'import' : 'approvals');
  return (
    <>
      <PageHeader title={t('import.title')} subtitle={`${t('import.subtitle')} · ${localityLabel(locality, shell('common.national'))}`} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          ...(canImport ? [{ key: 'import', label: t('tab.import'), children: <ImportWizard onOpenApprovals={() => setTab('approvals')} /> }] : []),
          { key: 'approvals', label: t('tab.approvals'), children: <ImportApprovals /> },
        ]}
      />
    </>
  );
}
