import { ArrowLeftOutlined, CheckOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Result, Row, Statistic } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api/client';
import { useAction } from '../../components/ActionDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInteger } from '../../format';
import type { ImportReport, ImportResponse, MergeCounts } from '../common/types';
import { ReportDownloadButton } from './PreviewStep';
import { useImportTexts, type ImportTextKey } from './texts';

/** Step 3: what will happen, then the real import of the valid rows. */
export function ConfirmStep({ uploadId, fileName, report, onBack, onImported }: { uploadId: string; fileName: string; report: ImportReport; onBack(): void; onImported(report: ImportReport): void }) {
  const t = useImportTexts();
  const importing = useAction();
  const running = importing.running;

  async function confirm() {
    await importing.run(async () => onImported((await api.post<ImportResponse>(`/api/v1/imports/${encodeURIComponent(uploadId)}/confirm`)).report));
  }

  return (
    <Card title={t('confirm.title')}>
      <Descriptions
        column={1}
        bordered
        size="small"
        items={[
          { key: 'file', label: t('confirm.file'), children: fileName },
          { key: 'in', label: t('confirm.willImport'), children: <strong style={{ color: '#389e0d' }}>{t('confirm.rowsValue', { count: formatInteger(report.accepted) })}</strong> },
          { key: 'out', label: t('confirm.willSkip'), children: <strong style={{ color: report.rejected > 0 ? '#cf1322' : undefined }}>{t('confirm.rowsValue', { count: formatInteger(report.rejected) })}</strong> },
        ]}
        style={{ marginBottom: 16, maxWidth: 640 }}
      />
      <Alert
        type="info"
        showIcon
        title={
          <ul style={{ margin: 0, paddingLeft: 18, lineHeight: 1.8 }}>
            <li>{t('confirm.point1')}</li>
            <li>{t('confirm.point2')}</li>
            <li>{t('confirm.point3')}</li>
          </ul>
        }
        style={{ marginBottom: 16 }}
      />
      <ErrorAlert error={importing.error} />
      <Flex gap={8} justify="space-between" wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} disabled={running}>
          {t('confirm.back')}
        </Button>
        <Button type="primary" size="large" icon={<CheckOutlined />} loading={running} onClick={() => void confirm()}>
          {running ? t('confirm.running') : t('confirm.submit', { count: formatInteger(report.accepted) })}
        </Button>
      </Flex>
    </Card>
  );
}

const changeLabels: [keyof MergeCounts, ImportTextKey][] = [
  ['personsCreated', 'result.personsCreated'],
  ['personsUpdated', 'result.personsUpdated'],
  ['enrolmentsCreated', 'result.enrolmentsCreated'],
  ['enrolmentsUpdated', 'result.enrolmentsUpdated'],
  ['representativesChanged', 'result.representativesChanged'],
  ['instrumentsCreated', 'result.instrumentsCreated'],
  ['proposals', 'result.proposals'],
  ['unchangedRows', 'result.unchanged'],
];

/** Step 4: what the import changed (created, updated, unchanged, proposals). */
export function ResultStep({ uploadId, fileName, report, onAgain, onOpenApprovals }: { uploadId: string; fileName: string; report: ImportReport; onAgain(): void; onOpenApprovals?(): void }) {
  const t = useImportTexts();
  const navigate = useNavigate();
  const changes = report.changes;
  const changed = changes ? changeLabels.some(([key]) => key !== 'unchangedRows' && changes[key] > 0) : false;
  return (
    <Card>
      <Result
        status="success"
        title={t('result.title', { file: fileName })}
        subTitle={t('result.subtitle', { accepted: formatInteger(report.accepted), rejected: formatInteger(report.rejected) })}
        style={{ paddingBottom: 8 }}
      />
      {changes && (
        <Row gutter={[12, 12]} data-testid="import-result" style={{ marginBottom: 16 }}>
          {changeLabels.map(([key, label]) => (
            <Col key={key} xs={12} md={6}>
              <Card size="small" data-testid={`result-${key}`}>
                <Statistic title={t(label)} value={formatInteger(changes[key])} styles={{ content: { fontSize: 24, color: key === 'proposals' && changes[key] > 0 ? '#1a5fb4' : undefined } }} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      <Flex vertical gap={12} style={{ marginBottom: 16 }}>
        {!changed && <Alert type="info" showIcon title={t('result.nothingChanged')} />}
        {report.approval === 'PENDING' && (
          <Alert
            type="warning"
            showIcon
            data-testid="import-approval-pending"
            title={t('result.approvalPending', { id: report.batchId ?? '', count: formatInteger(report.accountChanges ?? 0) })}
            action={
              onOpenApprovals && (
                <Button size="small" onClick={onOpenApprovals}>
                  {t('result.openApprovals')}
                </Button>
              )
            }
          />
        )}
        {report.rejected > 0 && <Alert type="warning" showIcon title={t('result.fixHint')} />}
      </Flex>
      <Flex gap={8} justify="center" wrap>
        {report.rejected > 0 && <ReportDownloadButton uploadId={uploadId} fileName={fileName} />}
        <Button onClick={onAgain}>{t('result.again')}</Button>
        <Button type="primary" onClick={() => navigate('/registry')}>
          {t('result.toRegistry')}
        </Button>
      </Flex>
    </Card>
  );
}
