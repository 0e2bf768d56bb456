import { App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useApiData } from '../api/useApiData';
import { useSession } from '../auth';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { RefreshButton } from '../components/RefreshButton';
import { formatDate, formatDateTime } from '../format';
import { useCodeOptions, useLabel } from '../language';
import { kindNames, outcomeNames, statusNames, useComplaintsTexts } from './complaints/texts';
import { useLocalityCycles } from './payroll/CyclePicker';
import { useCycleLabel } from './payroll/shared';
import { complaintKinds, complaintOutcomes, type Complaint, type ComplaintOutcome, type ComplaintStatus, type FiledComplaint } from './complaints/types';

interface FileValues {
  personalId: string;
  kind: string;
  cycleId?: number | null;
  text: string;
}

interface ResolveValues {
  outcome: ComplaintOutcome;
  text: string;
}

const statusColors: Record<ComplaintStatus, string> = { OPEN: 'blue', ASSIGNED: 'gold', RESOLVED: 'green' };

/**
 * Complaints and requests (khiếu nại, kiến nghị) of the user's area: the list (overdue first when
 * filtered), recording one on a beneficiary's behalf, assigning it to an officer and resolving it
 * with an outcome. The server keeps each user to their area and shows the text only to those who
 * handle complaints.
 */
export default function ComplaintsPage() {
  const t = useComplaintsTexts();
  // The month the complaint is about, among the locality's lists (none: not about one payment).
  const cycles = useLocalityCycles();
  const cycleLabel = useCycleLabel();
  const label = useLabel();
  const options = useCodeOptions();
  const { message } = App.useApp();
  const { can } = useSession();
  const [overdue, setOverdue] = useState(false);
  const [status, setStatus] = useState<ComplaintStatus | undefined>();
  const complaints = useApiData<Complaint[]>('/api/v1/complaints', { overdue: overdue || undefined, status });
  const [form] = Form.useForm<FileValues>();
  const [resolveForm] = Form.useForm<ResolveValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [assignee, setAssignee] = useState('');
  const [resolving, setResolving] = useState<Complaint>();
  const writes = can('complaints.write');

  async function file(values: FileValues) {
    setSaving(true);
    setError(undefined);
    try {
      const filed = await api.post<FiledComplaint>('/api/v1/complaints', {
        personalId: values.personalId.trim(),
        kind: values.kind,
        text: values.text.trim(),
        cycleId: values.cycleId ?? undefined,
      });
      if (filed.created) message.success(t('complaints.filed', { id: filed.complaintId, due: formatDate(filed.dueDate) }));
      else message.info(t('complaints.alreadyFiled', { id: filed.complaintId }));
      form.resetFields();
      complaints.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  async function assign(row: Complaint) {
    setError(undefined);
    try {
      const updated = await api.post<Complaint>(`/api/v1/complaints/${row.id}/assign`, { to: assignee.trim() });
      message.success(t('complaints.assigned', { user: updated.assignedTo ?? '' }));
      setAssignee('');
      complaints.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  async function resolve(values: ResolveValues) {
    if (!resolving) return;
    setError(undefined);
    try {
      await api.post<Complaint>(`/api/v1/complaints/${resolving.id}/resolve`, { outcome: values.outcome, text: values.text.trim() });
      message.success(t('complaints.resolved'));
      setResolving(undefined);
      resolveForm.resetFields();
      complaints.reload();
    } catch (failure) {
      setResolving(undefined);
      setError(failure);
    }
  }

  const columns: TableColumnsType<Complaint> = [
    { title: t('complaints.id'), dataIndex: 'id', width: 70 },
    {
      title: t('complaints.person'),
      key: 'person',
      render: (_value, row) => (
        <Space direction="vertical" size={0}>
          <span>{row.fullName}</span>
          <Typography.Text type="secondary">{row.personalId}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('complaints.kind'),
      dataIndex: 'kind',
      render: (kind: Complaint['kind'], row) => (
        <Space direction="vertical" size={0}>
          <span>{label(kindNames, kind)}</span>
          {row.cycleMonth && <Typography.Text type="secondary">{row.cycleMonth}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('complaints.text'),
      dataIndex: 'text',
      render: (text: string | null, row) =>
        text === null ? (
          <Typography.Text type="secondary">{t('complaints.hidden')}</Typography.Text>
        ) : (
          <Space direction="vertical" size={0}>
            <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 0 }}>
              {text}
            </Typography.Paragraph>
            {row.resolution && <Typography.Text type="success">{row.resolution}</Typography.Text>}
          </Space>
        ),
    },
    { title: t('complaints.source'), dataIndex: 'source', render: (source: Complaint['source']) => t(`complaints.source.${source}`) },
    { title: t('complaints.filedAt'), dataIndex: 'filedAt', render: (value: string) => formatDateTime(value) },
    {
      title: t('complaints.due'),
      dataIndex: 'dueDate',
      render: (value: string, row) => (
        <Space>
          {formatDate(value)}
          {row.overdue && <Tag color="red">{t('complaints.overdue')}</Tag>}
        </Space>
      ),
    },
    { title: t('complaints.status'), dataIndex: 'status', render: (value: ComplaintStatus) => <Tag color={statusColors[value]}>{label(statusNames, value)}</Tag> },
    { title: t('complaints.assignedTo'), dataIndex: 'assignedTo' },
    { title: t('complaints.outcome'), dataIndex: 'outcome', render: (value: ComplaintOutcome | null) => (value ? label(outcomeNames, value) : '') },
    {
      title: t('complaints.actions'),
      key: 'actions',
      render: (_value, row) =>
        !writes || row.status === 'RESOLVED' ? null : (
          <Space>
            <Popconfirm
              title={t('complaints.assignTo')}
              description={<Input value={assignee} onChange={(event) => setAssignee(event.target.value)} maxLength={100} aria-label={t('complaints.assignTo')} />}
              onConfirm={() => void assign(row)}
              okText={t('complaints.assign')}
              cancelText={t('complaints.cancel')}
              okButtonProps={{ disabled: assignee.trim() === '' }}
            >
              <Button size="small" data-testid={`assign-${row.id}`}>
                {t('complaints.assign')}
              </Button>
            </Popconfirm>
            <Button type="primary" size="small" data-testid={`resolve-${row.id}`} onClick={() => setResolving(row)}>
              {t('complaints.resolve')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('complaints.title')} subtitle={t('complaints.subtitle')} extra={<RefreshButton onClick={complaints.reload} />} />
      <ErrorAlert error={complaints.error} />
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      {writes && (
        <Card title={t('complaints.file')} style={{ marginBottom: 16 }}>
          <Form<FileValues> form={form} name="complaint-file" layout="vertical" onFinish={file} data-testid="complaint-form">
            <Space wrap align="start">
              <Form.Item
                name="personalId"
                label={t('complaints.personalId')}
                normalize={(value: string) => value.replace(/\D/g, '').slice(0, 12)}
                rules={[{ required: true, pattern: /^\d{12}$/, message: t('complaints.personalIdInvalid') }]}
              >
                <Input style={{ width: 200 }} inputMode="numeric" />
              </Form.Item>
              <Form.Item name="kind" label={t('complaints.kind')} rules={[{ required: true, message: t('complaints.required') }]}>
                <Select style={{ width: 260 }} options={options(complaintKinds, kindNames)} />
              </Form.Item>
              <Form.Item name="cycleId" label={t('complaints.cycle')}>
                <Select
                  style={{ width: 300 }}
                  allowClear
                  loading={cycles.loading}
                  placeholder={t('complaints.anyCycle')}
                  options={cycles.rows.map((cycle) => ({ value: cycle.id, label: cycleLabel(cycle) }))}
                  data-testid="complaint-cycle"
                />
              </Form.Item>
            </Space>
            <Form.Item name="text" label={t('complaints.text')} rules={[{ required: true, whitespace: true, message: t('complaints.required') }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount style={{ maxWidth: 720 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('complaints.submit')}
            </Button>
          </Form>
        </Card>
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        <Checkbox checked={overdue} onChange={(event) => setOverdue(event.target.checked)} data-testid="overdue-only">
          {t('complaints.overdueOnly')}
        </Checkbox>
        <Select<ComplaintStatus | undefined>
          style={{ width: 200 }}
          allowClear
          placeholder={t('complaints.allStatuses')}
          value={status}
          onChange={(value) => setStatus(value)}
          options={options(['OPEN', 'ASSIGNED', 'RESOLVED'], statusNames)}
          aria-label={t('complaints.status')}
        />
      </Space>
      <DataTable<Complaint>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={complaints.data ?? []}
        loading={complaints.loading}
        minWidth={1300}
        locale={{ emptyText: t('complaints.none') }}
        data-testid="complaints"
      />
      <Modal
        open={resolving !== undefined}
        title={resolving ? t('complaints.resolveTitle', { id: resolving.id }) : ''}
        okText={t('complaints.resolve')}
        cancelText={t('complaints.cancel')}
        onCancel={() => setResolving(undefined)}
        onOk={() => resolveForm.submit()}
        destroyOnHidden
      >
        <Form<ResolveValues> form={resolveForm} name="complaint-resolve" layout="vertical" onFinish={(values) => void resolve(values)} data-testid="resolve-form">
          <Form.Item name="outcome" label={t('complaints.outcome')} rules={[{ required: true, message: t('complaints.required') }]}>
            <Select options={options(complaintOutcomes, outcomeNames)} />
          </Form.Item>
          <Form.Item name="text" label={t('complaints.answer')} rules={[{ required: true, whitespace: true, message: t('complaints.required') }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
