import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Row, Select, Spin, Statistic, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatInteger } from '../../format';
import { useI18n, useLabel } from '../../language';
import { conflictReasonNames, reasonWithCode, unmatchedReasonNames } from './labels';
import { useDisbursementTexts } from './texts';
import type { HeldApplyReport, HeldResult, ReconcileReport } from './types';

/**
 * What a result file or a set of confirmations did: how many items it updated, paid, failed (by
 * reason), returned, and what it could not match — a second upload of the same file applies
 * nothing and says so.
 */
export function ReconcileResult({ report, onClose }: { report: ReconcileReport; onClose?(): void }) {
  const t = useDisbursementTexts();
  const label = useLabel();
  const { language } = useI18n();
  const failedTotal = Object.values(report.failed).reduce((sum, count) => sum + count, 0);
  const figures: { key: string; title: string; value: number; color?: string }[] = [
    { key: 'applied', title: t('result.applied'), value: report.applied },
    { key: 'paid', title: t('result.paid'), value: report.paid, color: '#389e0d' },
    { key: 'failed', title: t('result.failed'), value: failedTotal, color: failedTotal ? '#cf1322' : undefined },
    { key: 'returned', title: t('result.returned'), value: report.returned, color: report.returned ? '#fa8c16' : undefined },
    { key: 'onHold', title: t('result.onHold'), value: report.onHold },
    { key: 'duplicates', title: t('result.duplicates'), value: report.duplicates },
    { key: 'unmatched', title: t('result.unmatched'), value: report.unmatched.length, color: report.unmatched.length ? '#cf1322' : undefined },
    { key: 'held', title: t('result.held'), value: report.held ?? 0 },
  ];
  return (
    <Card size="small" title={t('result.title')} extra={onClose ? <Typography.Link onClick={onClose}>×</Typography.Link> : undefined} style={{ marginTop: 16 }} data-testid="reconcile-result">
      {report.alreadyIngested && <Alert type="warning" showIcon title={t('result.alreadyIngested')} style={{ marginBottom: 12 }} />}
      {(report.held ?? 0) > 0 && <Alert type="info" showIcon title={t('result.heldInfo', { count: formatInteger(report.held) })} style={{ marginBottom: 12 }} data-testid="reconcile-held" />}
      {report.cashFollowUps > 0 && <Alert type="info" showIcon title={t('result.cashFollowUps', { count: formatInteger(report.cashFollowUps) })} style={{ marginBottom: 12 }} />}
      {report.cycleStatus === 'RECONCILED' && <Alert type="success" showIcon title={t('result.reconciled')} style={{ marginBottom: 12 }} />}
      <Row gutter={[12, 12]}>
        {figures.map((figure) => (
          <Col key={figure.key} xs={12} sm={8} md={6} xl={3}>
            <Statistic title={figure.title} value={formatInteger(figure.value)} styles={{ content: { color: figure.color, fontSize: 20 } }} />
          </Col>
        ))}
      </Row>
      {failedTotal > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('result.failedReasons')}
          </Typography.Title>
          <Flex gap={8} wrap>
            {Object.entries(report.failed).map(([code, count]) => (
              <Tag key={code} color="error">
                {reasonWithCode(code, language)}: {formatInteger(count)}
              </Tag>
            ))}
          </Flex>
        </>
      )}
      {report.unmatched.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('result.unmatchedList')}
          </Typography.Title>
          <DataTable
            rowKey={(row) => `${row.endToEndId}:${row.reason}`}
            size="small"
            dataSource={report.unmatched}
            pageSize={10}
            columns={[
              { title: t('result.reference'), dataIndex: 'endToEndId', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
              { title: t('result.reason'), dataIndex: 'reason', render: (value: string) => label(unmatchedReasonNames, value) },
            ]}
          />
        </>
      )}
      {report.conflicts.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('result.conflicts')}
          </Typography.Title>
          <DataTable
            rowKey="endToEndId"
            size="small"
            dataSource={report.conflicts}
            pageSize={10}
            columns={[
              { title: t('result.reference'), dataIndex: 'endToEndId', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
              { title: t('result.reason'), dataIndex: 'reason', render: (value: string) => label(conflictReasonNames, value) },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** The results of a cycle held until their batch is handed over, and those applied since (held.service.ts). */
function HeldResults({ cycleId, onApplied }: { cycleId: number; onApplied(): void }) {
  const t = useDisbursementTexts();
  const { message } = App.useApp();
  const held = useApiData<HeldResult[]>(`/api/v1/disbursement/cycles/${cycleId}/held-results`);
  const [applying, setApplying] = useState(false);
  const rows = held.data ?? [];
  if (rows.length === 0) return null;
  const waiting = rows.some((row) => row.state === 'HELD' && row.batchSent);
  async function apply() {
    setApplying(true);
    try {
      const result = await api.post<HeldApplyReport>(`/api/v1/disbursement/cycles/${cycleId}/held-results/apply`);
      message.success(t('held.applied', { count: formatInteger(result.heldApplied.length), items: formatInteger(result.applied) }));
      held.reload();
      onApplied();
    } catch (failure) {
      message.error(errorMessage(failure));
    } finally {
      setApplying(false);
    }
  }
  return (
    <div style={{ marginTop: 16 }} data-testid="held-results">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('held.title')}
        </Typography.Title>
        {waiting && (
          <Button size="small" loading={applying} onClick={() => void apply()}>
            {t('held.apply')}
          </Button>
        )}
      </Flex>
      <DataTable
        rowKey="id"
        size="small"
        dataSource={rows}
        pageSize={5}
        columns={[
          { title: t('held.batch'), dataIndex: 'batchMessageId', render: (value: string) => <Typography.Text code>{value}</Typography.Text> },
          { title: t('held.records'), dataIndex: 'recordCount', render: (value: number) => formatInteger(value) },
          { title: t('held.heldBy'), dataIndex: 'heldBy' },
          { title: t('held.state'), dataIndex: 'state', render: (value: HeldResult['state']) => <Tag color={value === 'HELD' ? 'gold' : 'green'}>{t(`held.${value}`)}</Tag> },
        ]}
      />
    </div>
  );
}

/**
 * Upload of a pain.002, a CSV result or a postal confirmation sheet, and its reconciliation
 * report. The uploader names the provider the file comes from (an agent: its own, fixed): the
 * file applies to that provider's items only.
 */
export function UploadCard({
  cycleId,
  providers,
  ownProvider,
  onApplied,
}: {
  cycleId: number;
  /** The providers with a batch in the cycle. */
  providers: { code: string; name: string }[];
  /** A provider's agent: its own provider, the only one it may name. */
  ownProvider?: string | null;
  onApplied(): void;
}) {
  const t = useDisbursementTexts();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState<string | null>(null);
  const [report, setReport] = useState<ReconcileReport>();
  const [error, setError] = useState<string>();
  const [chosen, setChosen] = useState<string | undefined>(ownProvider ?? (providers.length === 1 ? providers[0]!.code : undefined));
  const [version, setVersion] = useState(0);
  const provider = ownProvider ?? chosen;

  async function send(file: File) {
    if (!provider) return;
    setUploading(file.name);
    setError(undefined);
    setReport(undefined);
    try {
      const result = await api.upload<ReconcileReport>(`/api/v1/disbursement/cycles/${cycleId}/reconcile?provider=${encodeURIComponent(provider)}`, file);
      setReport(result);
      setVersion((value) => value + 1);
      onApplied();
    } catch (failure) {
      const text = errorMessage(failure);
      setError(`${file.name}: ${text}`);
      message.error(text);
    } finally {
      setUploading(null);
    }
  }

  return (
    <Card title={t('upload.title')} style={{ marginBottom: 16 }} data-testid="reconcile-upload">
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t('upload.provider')}</Typography.Text>
        <Select
          style={{ minWidth: 240 }}
          value={provider}
          disabled={Boolean(ownProvider)}
          placeholder={t('upload.providerPlaceholder')}
          onChange={(value: string) => setChosen(value)}
          options={providers.map((item) => ({ value: item.code, label: item.name === item.code ? item.code : `${item.name} (${item.code})` }))}
          data-testid="reconcile-provider"
          aria-label={t('upload.provider')}
        />
      </Flex>
      {!provider && <Alert type="info" showIcon title={t('upload.providerFirst')} style={{ marginBottom: 12 }} />}
      <Spin spinning={uploading !== null} description={uploading ? t('upload.applying', { name: uploading }) : undefined}>
        <Upload.Dragger
          accept=".xml,.csv,.txt"
          multiple={false}
          showUploadList={false}
          disabled={!provider}
          beforeUpload={(file) => {
            void send(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('upload.drop')}</p>
          <p className="ant-upload-hint" style={{ maxWidth: 640, margin: '0 auto' }}>
            {t('upload.hint')}
          </p>
        </Upload.Dragger>
      </Spin>
      <ErrorAlert error={error} style={{ marginTop: 16, marginBottom: 0 }} onClose={() => setError(undefined)} />
      {report && <ReconcileResult report={report} onClose={() => setReport(undefined)} />}
      {/* Read again after every upload (a new key). */}
      <HeldResults key={version} cycleId={cycleId} onApplied={onApplied} />
    </Card>
  );
}
