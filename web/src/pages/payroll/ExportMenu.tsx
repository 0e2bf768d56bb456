import { DownloadOutlined, DownOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Button, Dropdown, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { useDownload } from '../../components/DownloadButton';
import { useI18n } from '../../language';
import { useLocality } from '../../locality';
import { useOperationsTexts } from './operations.texts';
import { usePayrollTexts } from './texts';
import type { Cycle, ExportFormat, SummaryRow } from './types';

/**
 * The cycle's printable files: the summary table for the Treasury and, per commune, the payment
 * list to sign (XLSX to edit, PDF to print), and the increases and decreases (XLSX). A
 * province-wide cycle asks which commune.
 */
export function ExportMenu({ cycle, summaryRows }: { cycle: Cycle; summaryRows: SummaryRow[] }) {
  const t = usePayrollTexts();
  const operations = useOperationsTexts();
  const { t: shell } = useI18n();
  const { locality } = useLocality();
  const { downloading, download } = useDownload();
  const [asking, setAsking] = useState<ExportFormat | null>(null);
  const communes = [...new Map(summaryRows.map((row) => [row.communeCode, row.communeName ?? row.communeCode])).entries()];
  const [commune, setCommune] = useState<string>();
  const path = `/api/v1/payroll/cycles/${cycle.id}/export`;

  function exportList(format: ExportFormat) {
    const fixed = cycle.communeCode ?? (communes.length === 1 ? communes[0]![0] : null);
    if (fixed) {
      void download(path, { key: format, query: { format, commune: fixed } });
      return;
    }
    setCommune(locality.commune?.code ?? communes[0]?.[0]);
    setAsking(format);
  }

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items: [
            { key: 'summary-xlsx', icon: <FileExcelOutlined />, label: t('export.summary') },
            { key: 'list-xlsx', icon: <FileExcelOutlined />, label: t('export.listXlsx') },
            { key: 'list-pdf', icon: <FilePdfOutlined />, label: t('export.listPdf') },
            { key: 'changes-xlsx', icon: <FileExcelOutlined />, label: operations('export.changes') },
          ],
          onClick: ({ key }) => {
            if (key === 'changes-xlsx') void download(`/api/v1/payroll/cycles/${cycle.id}/changes.xlsx`, { key });
            else if (key === 'summary-xlsx') void download(path, { key, query: { format: key } });
            else exportList(key as ExportFormat);
          },
        }}
      >
        <Button icon={<DownloadOutlined />} loading={downloading !== null} data-testid="export-menu">
          {t('export.button')} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={asking !== null}
        title={t('export.chooseCommune')}
        okText={shell('common.download')}
        cancelText={shell('common.cancel')}
        okButtonProps={{ disabled: !commune }}
        onCancel={() => setAsking(null)}
        onOk={() => {
          if (asking && commune) void download(path, { key: asking, query: { format: asking, commune } });
          setAsking(null);
        }}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('export.commune')} style={{ marginBottom: 0 }}>
            <Select<string> showSearch={{ optionFilterProp: 'label' }} value={commune} onChange={setCommune} options={communes.map(([value, name]) => ({ value, label: name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
