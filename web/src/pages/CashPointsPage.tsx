import { FileExcelOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useApiData } from '../api/useApiData';
import { useSession } from '../auth';
import { DataTable } from '../components/DataTable';
import { DownloadButton } from '../components/DownloadButton';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { RefreshButton } from '../components/RefreshButton';
import { useLocality } from '../locality';
import { useCashTexts } from './cashpoints/texts';
import { providerLabel, useProviders } from './common/providers';
import { usePayableCycles } from './disbursement/payableCycles';
import { CyclePicker } from './payroll/CyclePicker';
import { payingStatuses } from './payroll/types';

interface PaymentPoint {
  id: number;
  communeCode: string;
  communeName: string | null;
  name: string;
  address: string | null;
  hours: string | null;
  providerCode: string;
  agentName: string | null;
  villages: string[] | null;
  active: boolean;
  dates: string[];
}

interface HomeRound {
  id: number;
  communeCode: string;
  date: string;
  hours: string | null;
  providerCode: string;
  agentName: string | null;
  villages: string[] | null;
}

const dateVi = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const villagesOf = (text: string | undefined) => {
  const list = (text ?? '').split(',').map((village) => village.trim()).filter(Boolean);
  return list.length > 0 ? list : undefined;
};
const blankToUndefined = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);

/** A point's date of the cycle: typed, sent, the table reloaded. */
function ScheduleInput({ cycleId, point, onDone }: { cycleId: number; point: PaymentPoint; onDone: () => void }) {
  const t = useCashTexts();
  const { message } = App.useApp();
  const [date, setDate] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const answer = await api.post<{ notices: number }>(`/api/v1/cash/points/${point.id}/schedule`, { cycle: cycleId, dates: [date.trim()] });
      message.success(t('cash.scheduled', { notices: answer.notices }));
      setDate('');
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Space orientation="vertical" size={4}>
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      <Space.Compact>
        <Input size="small" style={{ width: 120 }} value={date} onChange={(event) => setDate(event.target.value)} placeholder="dd/mm/yyyy" aria-label={`${t('cash.date')} ${point.name}`} maxLength={10} />
        <Button size="small" loading={saving} disabled={date.trim() === ''} onClick={() => void save()}>
          {t('cash.schedule')}
        </Button>
      </Space.Compact>
    </Space>
  );
}

/**
 * Payment points of the commune (place, hours, agent, villages), the dates of a cycle at each, the
 * home-delivery rounds of the cycle, and the cash list of each point or round (the VNPost agent
 * downloads its own).
 */
export default function CashPointsPage() {
  const t = useCashTexts();
  const providers = useProviders();
  const { message } = App.useApp();
  const { can, user } = useSession();
  const maySet = can('disbursement.send');
  // The locality of the header: a commune's points; a province's when no commune is chosen.
  const { unitCode } = useLocality();
  const unit = unitCode ?? '';
  // Cash lists exist once the cycle is funded (its batches made); the agent sees those being paid.
  const cycles = usePayableCycles(user.role === 'provider' ? payingStatuses : undefined);
  const cycleId = cycles.selected?.id ?? null;
  const query = new URLSearchParams({ ...(/^(\d{2}|\d{5})$/.test(unit) ? { unit } : {}), ...(cycleId ? { cycle: String(cycleId) } : {}) });
  const points = useApiData<PaymentPoint[]>(`/api/v1/cash/points?${query.toString()}`);
  const rounds = useApiData<HomeRound[]>(cycleId ? `/api/v1/cash/rounds?cycle=${cycleId}${/^\d{5}$/.test(unit) ? `&unit=${unit}` : ''}` : null);
  const [pointForm] = Form.useForm();
  const [roundForm] = Form.useForm();
  const [formError, setFormError] = useState<unknown>();

  const addPoint = async (values: { name: string; address?: string; hours?: string; agent?: string; villages?: string }) => {
    setFormError(undefined);
    try {
      await api.post('/api/v1/cash/points', {
        ...(/^\d{5}$/.test(unit) ? { unit } : {}), name: values.name.trim(), address: blankToUndefined(values.address), hours: blankToUndefined(values.hours),
        agent: blankToUndefined(values.agent), villages: villagesOf(values.villages),
      });
      message.success(t('cash.saved'));
      pointForm.resetFields();
      points.reload();
    } catch (failure) {
      setFormError(failure);
    }
  };
  const addRound = async (values: { date: string; hours?: string; agent?: string; villages?: string }) => {
    setFormError(undefined);
    try {
      const answer = await api.post<{ people: number }>('/api/v1/cash/rounds', {
        cycle: cycleId, ...(/^\d{5}$/.test(unit) ? { unit } : {}), date: values.date.trim(), hours: blankToUndefined(values.hours), agent: blankToUndefined(values.agent), villages: villagesOf(values.villages),
      });
      message.success(t('cash.roundAdded', { people: answer.people }));
      roundForm.resetFields();
      rounds.reload();
    } catch (failure) {
      setFormError(failure);
    }
  };

  const villagesColumn = (villages: string[] | null) => (villages ? villages.join(', ') : <Typography.Text type="secondary">{t('cash.wholeCommune')}</Typography.Text>);
  const pointColumns: TableColumnsType<PaymentPoint> = [
    { title: t('cash.name'), dataIndex: 'name', render: (name: string, row) => <>{name}{!row.active && <Tag style={{ marginLeft: 8 }}>—</Tag>}</> },
    { title: t('cash.address'), dataIndex: 'address' },
    { title: t('cash.hours'), dataIndex: 'hours', width: 120 },
    { title: t('cash.agent'), dataIndex: 'agentName', render: (agent: string | null, row) => <>{agent ?? ''} <Tag title={row.providerCode}>{providerLabel(providers.byCode, row.providerCode)}</Tag></> },
    { title: t('cash.villages'), dataIndex: 'villages', render: villagesColumn },
    ...(cycleId
      ? [
          {
            title: t('cash.dates'),
            key: 'dates',
            render: (_: unknown, row: PaymentPoint) => (
              <Space orientation="vertical" size={4}>
                <span>{row.dates.length > 0 ? row.dates.map(dateVi).join(', ') : <Typography.Text type="secondary">{t('cash.noDates')}</Typography.Text>}</span>
                {maySet && row.active && <ScheduleInput cycleId={cycleId} point={row} onDone={points.reload} />}
              </Space>
            ),
          },
          {
            title: '',
            key: 'list',
            width: 190,
            render: (_: unknown, row: PaymentPoint) => (
              <DownloadButton size="small" path="/api/v1/cash/list.xlsx" query={{ cycle: cycleId, point: row.id }} icon={<FileExcelOutlined />} data-testid={`list-point-${row.id}`}>
                {t('cash.list')}
              </DownloadButton>
            ),
          },
        ]
      : []),
  ];
  const roundColumns: TableColumnsType<HomeRound> = [
    { title: t('cash.date'), dataIndex: 'date', width: 130, render: dateVi },
    { title: t('cash.hours'), dataIndex: 'hours', width: 120 },
    { title: t('cash.agent'), dataIndex: 'agentName', render: (agent: string | null, row) => <>{agent ?? ''} <Tag title={row.providerCode}>{providerLabel(providers.byCode, row.providerCode)}</Tag></> },
    { title: t('cash.villages'), dataIndex: 'villages', render: villagesColumn },
    {
      title: '',
      key: 'list',
      width: 190,
      render: (_: unknown, row) => (
        <DownloadButton size="small" path="/api/v1/cash/list.xlsx" query={{ cycle: cycleId, round: row.id }} icon={<FileExcelOutlined />} data-testid={`list-round-${row.id}`}>
          {t('cash.list')}
        </DownloadButton>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('cash.title')} subtitle={t('cash.subtitle')} extra={<RefreshButton onClick={() => { points.reload(); rounds.reload(); }} />} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Text strong>{t('cash.cycle')}</Typography.Text>
        <CyclePicker cycles={cycles.rows} value={cycleId ?? undefined} onChange={cycles.select} loading={cycles.loading} label={t('cash.cycle')} testId="cash-cycle" />
      </Flex>
      <ErrorAlert error={points.error ?? formError} onClose={() => setFormError(undefined)} />
      <Card title={t('cash.points')} size="small">
        <DataTable<PaymentPoint> rowKey="id" size="small" columns={pointColumns} dataSource={points.data ?? []} loading={points.loading} minWidth={900} pageSize={50} locale={{ emptyText: t('cash.none') }} data-testid="cash-points" />
        {!cycleId && <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('cash.chooseCycle')}</Typography.Paragraph>}
        {maySet && (
          <Form form={pointForm} name="point" layout="inline" onFinish={(values) => void addPoint(values)} style={{ marginTop: 12, rowGap: 8 }} data-testid="point-form">
            <Typography.Text strong style={{ width: '100%' }}>{t('cash.addPoint')}</Typography.Text>
            <Form.Item name="name" label={t('cash.name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={120} /></Form.Item>
            <Form.Item name="address" label={t('cash.address')}><Input maxLength={300} /></Form.Item>
            <Form.Item name="hours" label={t('cash.hours')}><Input maxLength={60} style={{ width: 120 }} /></Form.Item>
            <Form.Item name="agent" label={t('cash.agent')}><Input maxLength={120} /></Form.Item>
            <Form.Item name="villages" label={t('cash.villages')} tooltip={t('cash.villagesHelp')}><Input maxLength={500} /></Form.Item>
            <Button type="primary" htmlType="submit">{t('cash.save')}</Button>
          </Form>
        )}
      </Card>
      {cycleId && (
        <Card title={t('cash.rounds')} size="small" style={{ marginTop: 16 }}>
          <ErrorAlert error={rounds.error} />
          <DataTable<HomeRound> rowKey="id" size="small" columns={roundColumns} dataSource={rounds.data ?? []} loading={rounds.loading} minWidth={800} pageSize={50} locale={{ emptyText: t('cash.noRounds') }} data-testid="home-rounds" />
          {maySet && (
            <Form form={roundForm} name="round" layout="inline" onFinish={(values) => void addRound(values)} style={{ marginTop: 12, rowGap: 8 }} data-testid="round-form">
              <Typography.Text strong style={{ width: '100%' }}>{t('cash.addRound')}</Typography.Text>
              <Form.Item name="date" label={t('cash.date')} rules={[{ required: true, whitespace: true }]}><Input maxLength={10} style={{ width: 120 }} /></Form.Item>
              <Form.Item name="hours" label={t('cash.hours')}><Input maxLength={60} style={{ width: 120 }} /></Form.Item>
              <Form.Item name="agent" label={t('cash.agent')}><Input maxLength={120} /></Form.Item>
              <Form.Item name="villages" label={t('cash.villages')} tooltip={t('cash.villagesHelp')}><Input maxLength={500} /></Form.Item>
              <Button type="primary" htmlType="submit">{t('cash.save')}</Button>
            </Form>
          )}
        </Card>
      )}
    </>
  );
}
