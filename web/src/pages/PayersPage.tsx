import { App, Button, Card, Form, Input, Popconfirm, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useApiData } from '../api/useApiData';
import { useSession } from '../auth';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { RefreshButton } from '../components/RefreshButton';
import { useLabel } from '../language';
import { programmeNames, programmes } from './common/codes';
import { providerLabel, useProviders } from './common/providers';
import { usePayersTexts } from './payers/texts';
import type { Payer, PayerProposed } from './payers/types';

interface FormValues {
  unitCode: string;
  programme: string;
  bin: string;
  accountNumber: string;
  name: string;
}

const statusColors: Record<Payer['status'], string> = { PENDING: 'gold', APPROVED: 'green', SUPERSEDED: 'default', REJECTED: 'red' };

/**
 * The paying accounts of the province (tài khoản chi trả): per programme, the agency that pays, its
 * debtor account and its bank. A province administrator proposes, another person approves (the
 * server refuses the proposer's own approval); the approved account is the debtor of every payment
 * file and request of the province's programme.
 */
export default function PayersPage() {
  const t = usePayersTexts();
  const label = useLabel();
  const { message } = App.useApp();
  const { can, user } = useSession();
  const payers = useApiData<Payer[]>('/api/v1/payers');
  const providers = useProviders();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [reason, setReason] = useState('');
  const ownProvince = user.scopeLevel === 'national' ? undefined : user.unitCode?.slice(0, 2);
  const banks = (providers.data ?? []).filter((provider) => provider.kind === 'BANK').map((provider) => ({ value: provider.code, label: `${provider.shortName} (${provider.code})` }));

  async function propose(values: FormValues) {
    setSaving(true);
    setError(undefined);
    try {
      const result = await api.post<PayerProposed>('/api/v1/payers', { ...values, accountNumber: values.accountNumber.trim(), name: values.name.trim() });
      if (result.created) message.success(t('payers.proposed', { id: result.proposalId }));
      else message.info(t('payers.unchanged', { id: result.proposalId }));
      payers.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  async function decide(row: Payer, decision: 'approve' | 'reject') {
    setError(undefined);
    try {
      await api.post(`/api/v1/payers/${row.id}/${decision}`, decision === 'reject' ? { reason: reason.trim() } : undefined);
      message.success(t(decision === 'approve' ? 'payers.approved' : 'payers.rejected'));
      setReason('');
      payers.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const columns: TableColumnsType<Payer> = [
    { title: t('payers.province'), dataIndex: 'provinceCode' },
    { title: t('payers.programme'), dataIndex: 'programme', render: (code: string) => label(programmeNames, code) },
    { title: t('payers.name'), dataIndex: 'name' },
    { title: t('payers.bank'), dataIndex: 'agentBin', render: (bin: string) => `${providerLabel(providers.byCode, bin)} (${bin})` },
    { title: t('payers.account'), dataIndex: 'accountNumber' },
    { title: t('payers.status'), dataIndex: 'status', render: (status: Payer['status']) => <Tag color={statusColors[status]}>{t(`payers.status.${status}`)}</Tag> },
    { title: t('payers.proposedBy'), dataIndex: 'proposedBy' },
    { title: t('payers.decidedBy'), dataIndex: 'decidedBy', render: (value: string | null, row) => (value ? `${value}${row.reason ? ` — ${row.reason}` : ''}` : '') },
    {
      title: t('payers.actions'),
      key: 'actions',
      render: (_value, row) => {
        if (row.status !== 'PENDING' || !can('payers.approve')) return null;
        if (row.proposedBy === user.username) return <Typography.Text type="secondary">{t('payers.ownProposal')}</Typography.Text>;
        return (
          <Space>
            <Popconfirm title={t('payers.approveConfirm')} onConfirm={() => void decide(row, 'approve')} okText={t('payers.approve')}>
              <Button type="primary" size="small" data-testid={`approve-${row.id}`}>
                {t('payers.approve')}
              </Button>
            </Popconfirm>
            <Popconfirm
              title={t('payers.rejectReason')}
              description={<Input value={reason} onChange={(event) => setReason(event.target.value)} maxLength={500} aria-label={t('payers.rejectReason')} />}
              onConfirm={() => void decide(row, 'reject')}
              okText={t('payers.reject')}
              okButtonProps={{ disabled: reason.trim() === '' }}
            >
              <Button danger size="small">
                {t('payers.reject')}
              </Button>
            </Popconfirm>
          </Space>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader title={t('payers.title')} subtitle={t('payers.subtitle')} extra={<RefreshButton onClick={payers.reload} />} />
      <ErrorAlert error={payers.error} />
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      {can('settings.manage') && (
        <Card title={t('payers.add')} style={{ marginBottom: 16 }}>
          <Form<FormValues> form={form} layout="vertical" onFinish={propose} initialValues={{ unitCode: ownProvince }} data-testid="payer-form">
            <Space wrap align="start">
              <Form.Item name="unitCode" label={t('payers.province')} rules={[{ required: true, pattern: /^\d{2}$/, message: t('payers.provinceInvalid') }]}>
                <Input style={{ width: 100 }} maxLength={2} inputMode="numeric" disabled={ownProvince !== undefined} />
              </Form.Item>
              <Form.Item name="programme" label={t('payers.programme')} rules={[{ required: true, message: t('payers.required') }]}>
                <Select style={{ width: 220 }} options={programmes.map((code) => ({ value: code, label: label(programmeNames, code) }))} />
              </Form.Item>
              <Form.Item name="bin" label={t('payers.bank')} rules={[{ required: true, message: t('payers.required') }]}>
                <Select style={{ width: 260 }} showSearch optionFilterProp="label" loading={providers.loading} options={banks} />
              </Form.Item>
              <Form.Item name="accountNumber" label={t('payers.account')} rules={[{ required: true, pattern: /^[0-9A-Za-z .-]{4,40}$/, message: t('payers.accountInvalid') }]}>
                <Input style={{ width: 200 }} maxLength={40} />
              </Form.Item>
            </Space>
            <Form.Item name="name" label={t('payers.name')} rules={[{ required: true, whitespace: true, message: t('payers.required') }]}>
              <Input style={{ maxWidth: 520 }} maxLength={140} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('payers.propose')}
            </Button>
          </Form>
        </Card>
      )}
      <DataTable<Payer>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={payers.data ?? []}
        loading={payers.loading}
        minWidth={1100}
        locale={{ emptyText: t('payers.none') }}
        data-testid="payers"
      />
    </>
  );
}
