import { ArrowLeftOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Table, Tabs, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, withQuery } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { useSession } from '../../auth';
import { useDownload } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, formatInteger, formatMonth } from '../../format';
import { useI18n, useLabel } from '../../language';
import { useLocality } from '../../locality';
import { formatVnd, vnd } from '../../money';
import { oneOffBatchStatusNames, programmeNames } from './labels';
import { useOperationsTexts } from './operations.texts';

/** What the server answers (src/modules/payroll/oneoff.schemas.ts). */
interface OneOffIssue {
  row: number;
  field: string;
  code: string;
  message: string;
  messageEn: string;
  cells: Record<string, string>;
}

export interface OneOffImportReport {
  batchId: number | null;
  dryRun: boolean;
  fileName: string;
  forMonth: string;
  rows: number;
  accepted: number;
  rejected: number;
  totalVnd: number;
  errors: OneOffIssue[];
  errorsTruncated: boolean;
}

export interface OneOffBatch {
  id: number;
  fileName: string;
  forMonth: string;
  reason: string;
  rows: number;
  accepted: number;
  rejected: number;
  totalVnd: number;
  capVnd: number;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  madeBy: string;
  madeAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionComment: string | null;
}

interface SuspensionProposal {
  personalId: string;
  fullName: string;
  communeCode: string;
  months: string[];
}

const programmes = ['TGXH', 'NCC', 'HTXH'] as const;
const money = (value: number) => formatVnd(vnd(value));
const statusColors = { PENDING: 'gold', APPROVED: 'green', REJECTED: 'default' } as const;

/** The list's upload: check (a dry run), then import; the errors table repeats each row as it was in the file. */
function BulkUpload({ onImported }: { onImported(): void }) {
  const t = useOperationsTexts();
  const { language } = useI18n();
  const { message } = App.useApp();
  const [month, setMonth] = useState<Dayjs>(dayjs().add(1, 'month').startOf('month'));
  const [reason, setReason] = useState('Quà Tết');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<OneOffImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function send(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.upload<OneOffImportReport>(withQuery('/api/v1/one-off-batches', { month: month.format('YYYY-MM'), reason, dryRun }), file);
      setReport(answer);
      if (!dryRun && answer.batchId !== null) {
        void message.success(t('bulk.imported', { id: answer.batchId }));
        setFile(null);
        onImported();
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const columns: TableColumnsType<OneOffIssue> = [
    { title: t('bulk.row'), dataIndex: 'row', width: 70 },
    { title: t('bulk.column'), dataIndex: 'field', width: 130 },
    { title: t('bulk.error'), key: 'message', render: (_value, issue) => <>{language === 'en' ? issue.messageEn : issue.message} <Typography.Text type="secondary">({issue.code})</Typography.Text></> },
    { title: t('bulk.original'), key: 'cells', render: (_value, issue) => <Typography.Text code>{Object.values(issue.cells).join(' | ')}</Typography.Text> },
  ];

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('bulk.hint')}</Typography.Paragraph>
      <Flex gap={12} wrap align="end">
        <Form.Item label={t('bulk.month')} style={{ marginBottom: 0 }}>
          <DatePicker picker="month" format="MM/YYYY" allowClear={false} value={month} onChange={(value) => value && setMonth(value)} aria-label={t('bulk.month')} />
        </Form.Item>
        <Form.Item label={t('bulk.reason')} style={{ marginBottom: 0 }}>
          <Input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} style={{ width: 240 }} aria-label={t('bulk.reason')} />
        </Form.Item>
        <Upload
          accept=".csv,.xlsx"
          maxCount={1}
          beforeUpload={(chosen) => {
            setFile(chosen);
            setReport(null);
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name }] : []}
        >
          <Button icon={<UploadOutlined />}>{t('bulk.file')}</Button>
        </Upload>
        <Button onClick={() => void send(true)} disabled={!file || !reason.trim()} loading={busy}>
          {t('bulk.check')}
        </Button>
        {report?.dryRun && report.accepted > 0 && (
          <Button type="primary" onClick={() => void send(false)} loading={busy}>
            {t('bulk.import', { accepted: formatInteger(report.accepted) })}
          </Button>
        )}
      </Flex>
      <ErrorAlert error={error} style={{ marginTop: 12 }} />
      {report && (
        <>
          <Alert
            style={{ marginTop: 12 }}
            type={report.rejected > 0 ? 'warning' : 'success'}
            showIcon
            message={t('bulk.result', { rows: formatInteger(report.rows), accepted: formatInteger(report.accepted), rejected: formatInteger(report.rejected), total: money(report.totalVnd) })}
            description={report.errorsTruncated ? t('bulk.truncated') : undefined}
          />
          {report.errors.length > 0 && <Table<OneOffIssue> style={{ marginTop: 12 }} size="small" rowKey={(issue) => `${issue.row}-${issue.field}-${issue.code}`} columns={columns} dataSource={report.errors} pagination={{ pageSize: 20 }} />}
        </>
      )}
    </Card>
  );
}

/** The batches of the area: approve or reject (a second person), the error report. */
function BatchList() {
  const t = useOperationsTexts();
  const label = useLabel();
  const { message, modal } = App.useApp();
  const { can, user } = useSession();
  const { downloading, download } = useDownload();
  const batches = useApiData<OneOffBatch[]>('/api/v1/one-off-batches');
  const [rejecting, setRejecting] = useState<OneOffBatch | null>(null);
  const [rejectReason, setRejectReason] = useState('');
  const [error, setError] = useState<unknown>();

  async function decide(batch: OneOffBatch, decision: 'approve' | 'reject', body: object) {
    setError(undefined);
    try {
      const answer = await api.post<OneOffBatch & { payments: number }>(`/api/v1/one-off-batches/${batch.id}/${decision}`, body);
      if (decision === 'approve') void message.success(t('bulk.approved', { payments: formatInteger(answer.payments), month: formatMonth(batch.forMonth) }));
      batches.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const columns: TableColumnsType<OneOffBatch> = [
    { title: t('bulk.batch'), dataIndex: 'id', width: 70, render: (id: number) => `#${id}` },
    { title: t('bulk.month'), dataIndex: 'forMonth', width: 100, render: (value: string) => formatMonth(value) },
    { title: t('bulk.fileName'), key: 'file', render: (_value, batch) => <>{batch.fileName}<br /><Typography.Text type="secondary">{batch.reason}</Typography.Text></> },
    { title: t('bulk.rows'), key: 'rows', width: 120, align: 'right', render: (_value, batch) => `${formatInteger(batch.accepted)} / ${formatInteger(batch.rejected)}` },
    { title: t('bulk.total'), dataIndex: 'totalVnd', width: 150, align: 'right', render: (value: number) => money(value) },
    { title: t('bulk.status'), dataIndex: 'status', width: 140, render: (status: OneOffBatch['status']) => <Tag color={statusColors[status]} title={status}>{label(oneOffBatchStatusNames, status)}</Tag> },
    { title: t('bulk.madeBy'), key: 'madeBy', width: 170, render: (_value, batch) => <>{batch.madeBy}<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(batch.madeAt)}</Typography.Text></> },
    { title: t('bulk.decidedBy'), key: 'decidedBy', width: 150, render: (_value, batch) => batch.decidedBy ?? '—' },
    {
      key: 'actions',
      width: 260,
      render: (_value, batch) => (
        <Space wrap>
          {batch.rejected > 0 && (
            <Button size="small" icon={<DownloadOutlined />} loading={downloading === `report-${batch.id}`} onClick={() => void download(`/api/v1/one-off-batches/${batch.id}/report.xlsx`, { key: `report-${batch.id}` })}>
              {t('bulk.report')}
            </Button>
          )}
          {batch.status === 'PENDING' && can('payroll.approve') && (batch.madeBy === user.username ? (
            <Typography.Text type="secondary">{t('bulk.ownBatch')}</Typography.Text>
          ) : (
            <>
              <Button size="small" type="primary" onClick={() => modal.confirm({ title: `${t('bulk.approve')} #${batch.id}`, content: `${formatInteger(batch.accepted)} × ${formatMonth(batch.forMonth)} — ${money(batch.totalVnd)}`, onOk: () => decide(batch, 'approve', {}) })}>
                {t('bulk.approve')}
              </Button>
              <Button size="small" danger onClick={() => { setRejecting(batch); setRejectReason(''); }}>
                {t('bulk.reject')}
              </Button>
            </>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('bulk.batches')} style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
      <ErrorAlert error={batches.error ?? error} />
      <Table<OneOffBatch> rowKey="id" size="small" columns={columns} dataSource={batches.data ?? []} loading={batches.loading} pagination={{ pageSize: 20 }} scroll={{ x: 1200 }} />
      <Modal
        open={rejecting !== null}
        title={`${t('bulk.reject')} #${rejecting?.id ?? ''}`}
        okButtonProps={{ danger: true, disabled: !rejectReason.trim() }}
        onCancel={() => setRejecting(null)}
        onOk={async () => {
          if (rejecting) await decide(rejecting, 'reject', { reason: rejectReason.trim() });
          setRejecting(null);
        }}
      >
        <Input.TextArea value={rejectReason} maxLength={1000} onChange={(event) => setRejectReason(event.target.value)} placeholder={t('bulk.rejectReason')} aria-label={t('bulk.rejectReason')} />
      </Modal>
    </Card>
  );
}

/** One person's one-off payment or recovery (the routes of adjustments.ts). */
function SingleEntries() {
  const t = useOperationsTexts();
  const label = useLabel();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>();
  const programmeOptions = programmes.map((value) => ({ value, label: label(programmeNames, value) }));
  const required = [{ required: true, message: t('single.required') }];
  const idRule = [...required, { pattern: /^\d{12}$/, message: '12' }];

  async function save(path: string, body: object, done: (id: number) => string) {
    setError(undefined);
    try {
      const answer = await api.post<{ id: number }>(path, body);
      void message.success(done(answer.id));
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    }
  }

  const [oneOffForm] = Form.useForm();
  const [recoveryForm] = Form.useForm();
  return (
    <>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('single.oneOff')}>
            <Form
              form={oneOffForm}
              layout="vertical"
              initialValues={{ programme: 'TGXH', month: dayjs().add(1, 'month') }}
              onFinish={async (values: { personalId: string; programme: string; month: Dayjs; amountVnd: number; reason: string; key: string }) => {
                const ok = await save('/api/v1/payroll/one-offs', { personalId: values.personalId, programme: values.programme, forMonth: values.month.format('YYYY-MM'), amountVnd: values.amountVnd, reason: values.reason, key: values.key }, (id) => t('single.savedOneOff', { id }));
                if (ok) oneOffForm.resetFields(['personalId', 'amountVnd']);
              }}
            >
              <Form.Item name="personalId" label={t('single.personalId')} rules={idRule}><Input maxLength={12} inputMode="numeric" /></Form.Item>
              <Form.Item name="programme" label={t('single.programme')} rules={required}><Select options={programmeOptions} /></Form.Item>
              <Form.Item name="month" label={t('single.month')} rules={required}><DatePicker picker="month" format="MM/YYYY" /></Form.Item>
              <Form.Item name="amountVnd" label={t('single.amount')} rules={required}><InputNumber min={1} step={100000} style={{ width: 220 }} /></Form.Item>
              <Form.Item name="reason" label={t('single.reason')} rules={required}><Input maxLength={500} /></Form.Item>
              <Form.Item name="key" label={t('single.key')} rules={[...required, { pattern: /^[A-Za-z0-9_-]{1,40}$/, message: 'A-Z 0-9 _ -' }]}><Input maxLength={40} /></Form.Item>
              <Button type="primary" htmlType="submit">{t('single.save')}</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('single.recovery')}>
            <Form
              form={recoveryForm}
              layout="vertical"
              initialValues={{ programme: 'TGXH' }}
              onFinish={async (values: { personalId: string; programme: string; amountVnd: number; reason: string; decisionRef?: string }) => {
                const ok = await save('/api/v1/payroll/recoveries', { ...values, decisionRef: values.decisionRef || undefined }, (id) => t('single.savedRecovery', { id }));
                if (ok) recoveryForm.resetFields();
              }}
            >
              <Form.Item name="personalId" label={t('single.personalId')} rules={idRule}><Input maxLength={12} inputMode="numeric" /></Form.Item>
              <Form.Item name="programme" label={t('single.programme')} rules={required}><Select options={programmeOptions} /></Form.Item>
              <Form.Item name="amountVnd" label={t('single.amount')} rules={required}><InputNumber min={1} step={10000} style={{ width: 220 }} /></Form.Item>
              <Form.Item name="reason" label={t('single.reason')} rules={required}><Input maxLength={500} /></Form.Item>
              <Form.Item name="decisionRef" label={t('single.decision')}><Input maxLength={100} /></Form.Item>
              <Button type="primary" htmlType="submit">{t('single.save')}</Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </>
  );
}

/** People with three unclaimed months: accepting suspends them (the registry's status change, reason KHONG_NHAN_3_THANG). */
function SuspensionProposals() {
  const t = useOperationsTexts();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const proposals = useApiData<SuspensionProposal[]>('/api/v1/payroll/suspension-proposals');
  const [error, setError] = useState<unknown>();
  const columns: TableColumnsType<SuspensionProposal> = [
    { title: t('susp.person'), key: 'person', render: (_value, row) => <>{row.fullName}<br /><Typography.Text type="secondary">{row.personalId}</Typography.Text></> },
    { title: t('susp.commune'), dataIndex: 'communeCode', width: 100 },
    { title: t('susp.months'), dataIndex: 'months', render: (months: string[]) => months.map(formatMonth).join(', ') },
    {
      key: 'accept',
      width: 120,
      render: (_value, row) =>
        can('registry.write') && (
          <Button
            size="small"
            danger
            onClick={() =>
              modal.confirm({
                title: t('susp.accept'),
                content: t('susp.confirm', { name: row.fullName }),
                onOk: async () => {
                  setError(undefined);
                  try {
                    await api.post(`/api/v1/beneficiaries/${row.personalId}/status`, { action: 'suspend', reason: 'KHONG_NHAN_3_THANG', eventDate: dayjs().format('YYYY-MM-DD') });
                    void message.success(t('susp.done', { name: row.fullName }));
                    proposals.reload();
                  } catch (failure) {
                    setError(failure);
                  }
                },
              })
            }
          >
            {t('susp.accept')}
          </Button>
        ),
    },
  ];
  return (
    <Card styles={{ body: { padding: 0 } }}>
      <Typography.Paragraph type="secondary" style={{ padding: '12px 12px 0' }}>{t('susp.hint')}</Typography.Paragraph>
      <ErrorAlert error={proposals.error ?? error} />
      <Table<SuspensionProposal> rowKey="personalId" size="small" columns={columns} dataSource={proposals.data ?? []} loading={proposals.loading} locale={{ emptyText: t('susp.empty') }} pagination={{ pageSize: 20 }} />
    </Card>
  );
}

interface DeadlineConfig {
  provinceCode: string;
  listDueDay: number;
  reportDueDay: number;
  failurePolicy: 'CARRY_OVER' | 'CASH_SAME_CYCLE';
  national: boolean;
}

/** The province's deadlines and one-off cap (settings.manage may change them). */
function ProvinceSettings({ provinceCode, provinceName }: { provinceCode: string; provinceName: string }) {
  const t = useOperationsTexts();
  const { can } = useSession();
  const { message } = App.useApp();
  const deadlines = useApiData<DeadlineConfig>(`/api/v1/payroll/deadlines/config/${provinceCode}`);
  const cap = useApiData<{ capVnd: number; national: boolean }>(`/api/v1/one-off-caps/${provinceCode}`);
  const [error, setError] = useState<unknown>();
  const editable = can('settings.manage');

  async function put(path: string, body: object, reload: () => void) {
    setError(undefined);
    try {
      await api.put(path, body);
      void message.success(t('set.saved'));
      reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <ErrorAlert error={deadlines.error ?? cap.error ?? error} />
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('set.deadlines', { province: provinceName })}>
          {deadlines.data && (
            <Form
              key={JSON.stringify(deadlines.data)}
              layout="vertical"
              disabled={!editable}
              initialValues={deadlines.data}
              onFinish={(values: Pick<DeadlineConfig, 'listDueDay' | 'reportDueDay' | 'failurePolicy'>) => void put(`/api/v1/payroll/deadlines/config/${provinceCode}`, values, deadlines.reload)}
            >
              {deadlines.data.national && <Alert type="info" showIcon message={t('set.national')} style={{ marginBottom: 12 }} />}
              <Form.Item name="listDueDay" label={t('set.listDueDay')} rules={[{ required: true }]}><InputNumber min={1} max={28} /></Form.Item>
              <Form.Item name="reportDueDay" label={t('set.reportDueDay')} rules={[{ required: true }]}><InputNumber min={1} max={28} /></Form.Item>
              <Form.Item name="failurePolicy" label={t('set.failurePolicy')}>
                <Radio.Group options={(['CARRY_OVER', 'CASH_SAME_CYCLE'] as const).map((value) => ({ value, label: t(`set.policy.${value}`) }))} />
              </Form.Item>
              {editable && <Button type="primary" htmlType="submit">{t('set.save')}</Button>}
            </Form>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card title={t('set.cap')}>
          {cap.data && (
            <Form key={cap.data.capVnd} layout="vertical" disabled={!editable} initialValues={{ capVnd: cap.data.capVnd }} onFinish={(values: { capVnd: number }) => void put(`/api/v1/one-off-caps/${provinceCode}`, values, cap.reload)}>
              {cap.data.national && <Alert type="info" showIcon message={t('set.national')} style={{ marginBottom: 12 }} />}
              <Descriptions size="small" column={1} items={[{ key: 'now', label: t('set.cap'), children: money(cap.data.capVnd) }]} style={{ marginBottom: 12 }} />
              <Form.Item name="capVnd" label={t('set.cap')} rules={[{ required: true }]}><InputNumber min={1} step={500000} style={{ width: 220 }} /></Form.Item>
              {editable && <Button type="primary" htmlType="submit">{t('set.save')}</Button>}
            </Form>
          )}
        </Card>
      </Col>
    </Row>
  );
}

/**
 * Nghiệp vụ chi trả (`/payroll?view=operations`): what was CLI/API only — bulk one-off lists with
 * their check, error report and approval by a second person; one person's one-off or recovery;
 * the suspension proposals after three unclaimed months; the province's deadlines and cap.
 */
export function OperationsPage() {
  const t = useOperationsTexts();
  const { can } = useSession();
  const { locality } = useLocality();
  const navigate = useNavigate();
  const [version, setVersion] = useState(0);
  const items = [
    {
      key: 'bulk',
      label: t('ops.tab.bulk'),
      children: (
        <>
          {can('payroll.prepare') && <BulkUpload onImported={() => setVersion((value) => value + 1)} />}
          <BatchList key={version} />
        </>
      ),
    },
    ...(can('payroll.prepare') ? [{ key: 'single', label: t('ops.tab.single'), children: <SingleEntries /> }] : []),
    ...(can('registry.review') ? [{ key: 'suspensions', label: t('ops.tab.suspensions'), children: <SuspensionProposals /> }] : []),
    {
      key: 'settings',
      label: t('ops.tab.settings'),
      children: locality.province ? <ProvinceSettings provinceCode={locality.province.code} provinceName={locality.province.nameWithType} /> : <Alert type="info" showIcon message={t('set.noProvince')} />,
    },
  ];
  return (
    <>
      <PageHeader
        title={t('ops.title')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/payroll')}>
            {t('ops.back')}
          </Button>
        }
      />
      <Tabs items={items} destroyOnHidden />
    </>
  );
}
