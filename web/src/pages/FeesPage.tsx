import { App, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Tag, Typography, type FormRule, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../api/client';
import { useApiData } from '../api/useApiData';
import { useSession } from '../auth';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { Money } from '../components/Money';
import { MoneyInput } from '../components/MoneyInput';
import { PageHeader } from '../components/PageHeader';
import { RefreshButton } from '../components/RefreshButton';
import { useLabel } from '../language';
import { parseVndInput } from '../money';
import { channelNames } from './common/codes';
import { providerOptions, useProviders } from './common/providers';
import { useFeesTexts } from './fees/texts';
import type { FeeSchedule } from './fees/types';

const channels = ['TK_NGAN_HANG', 'VI_DIEN_TU', 'MOBILE_MONEY', 'TIEN_MAT', 'TAI_NHA'] as const;
const percentPattern = /^\d{1,3}([.,]\d{1,4})?$/;

interface FormValues {
  providerCode: string;
  channel: string;
  validFrom: Dayjs;
  provinceCode?: string;
  pct?: string;
  fixedVnd?: string;
  minVnd?: string;
  maxVnd?: string;
  vatPct?: string;
  replace?: boolean;
}

/**
 * Fee schedules of the payment providers (phí dịch vụ chi trả): the national ones and the
 * province's own, newest first; administrators and provinces add one from a date (the server
 * computes every fee, exactly; this page only edits the terms).
 */
export default function FeesPage() {
  const t = useFeesTexts();
  const label = useLabel();
  const { message } = App.useApp();
  const { can, user } = useSession();
  const schedules = useApiData<FeeSchedule[]>('/api/v1/fee-schedules');
  const providers = useProviders();
  const [form] = Form.useForm<FormValues>();
  const channel = Form.useWatch('channel', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();

  const percentRules: FormRule[] = [{ validator: async (_rule, value?: string) => { if (value && !percentPattern.test(value.trim())) throw new Error(t('fees.pctInvalid')); } }];
  const amountRules: FormRule[] = [{ validator: async (_rule, value?: string) => { if (value && !parseVndInput(value).ok) throw new Error(t('fees.amountInvalid')); } }];
  const amount = (value?: string) => (value ? value : undefined);

  async function submit(values: FormValues) {
    setSaving(true);
    setError(undefined);
    try {
      const result = await api.post<{ changed: boolean }>('/api/v1/fee-schedules', {
        providerCode: values.providerCode,
        channel: values.channel,
        validFrom: values.validFrom.format('YYYY-MM-DD'),
        ...(user.scopeLevel === 'national' && values.provinceCode ? { provinceCode: values.provinceCode } : {}),
        ...(values.pct ? { pct: values.pct.trim() } : {}),
        ...(values.vatPct ? { vatPct: values.vatPct.trim() } : {}),
        fixedVnd: amount(values.fixedVnd),
        minVnd: amount(values.minVnd),
        maxVnd: amount(values.maxVnd) ?? null,
        replace: values.replace === true,
      });
      if (result.changed) message.success(t('fees.saved'));
      else message.info(t('fees.unchanged'));
      schedules.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const columns: TableColumnsType<FeeSchedule> = [
    { title: t('fees.provider'), key: 'provider', render: (_v, row) => `${row.providerName ?? row.providerCode} (${row.providerCode})` },
    { title: t('fees.channel'), dataIndex: 'channel', render: (code: string) => label(channelNames, code) },
    {
      title: t('fees.locality'),
      dataIndex: 'provinceCode',
      render: (code: string | null) => (code ? <Tag color="purple">{t('fees.province', { code })}</Tag> : <Tag>{t('fees.national')}</Tag>),
    },
    { title: t('fees.validFrom'), dataIndex: 'validFrom' },
    { title: t('fees.pct'), dataIndex: 'pct', align: 'right', render: (pct: string) => `${pct.replace('.', ',')} %` },
    { title: t('fees.fixed'), dataIndex: 'fixedVnd', align: 'right', render: (value: FeeSchedule['fixedVnd']) => <Money value={value} /> },
    { title: t('fees.min'), dataIndex: 'minVnd', align: 'right', render: (value: FeeSchedule['minVnd']) => <Money value={value} /> },
    {
      title: t('fees.max'),
      dataIndex: 'maxVnd',
      align: 'right',
      render: (value: FeeSchedule['maxVnd']) => (value === null ? <Typography.Text type="secondary">{t('fees.noMax')}</Typography.Text> : <Money value={value} />),
    },
    { title: t('fees.vat'), dataIndex: 'vatPct', align: 'right', render: (pct: string) => `${pct.replace('.', ',')} %` },
    { title: t('fees.setBy'), dataIndex: 'setBy' },
  ];

  return (
    <>
      <PageHeader title={t('fees.title')} subtitle={t('fees.subtitle')} extra={<RefreshButton onClick={schedules.reload} />} />
      <Typography.Paragraph type="secondary">{t('fees.rule')}</Typography.Paragraph>
      <ErrorAlert error={schedules.error} />
      {can('settings.manage') && (
        <Card title={t('fees.add')} style={{ marginBottom: 16 }}>
          <ErrorAlert error={error} onClose={() => setError(undefined)} />
          <Form<FormValues> form={form} layout="vertical" onFinish={submit} data-testid="fee-form">
            <Space wrap align="start">
              <Form.Item name="channel" label={t('fees.channel')} rules={[{ required: true, message: t('fees.required') }]}>
                <Select style={{ width: 200 }} options={channels.map((code) => ({ value: code, label: label(channelNames, code) }))} />
              </Form.Item>
              <Form.Item name="providerCode" label={t('fees.provider')} rules={[{ required: true, message: t('fees.required') }]}>
                <Select style={{ width: 260 }} showSearch optionFilterProp="label" loading={providers.loading} options={providerOptions(providers.data, channel)} />
              </Form.Item>
              <Form.Item name="validFrom" label={t('fees.validFrom')} rules={[{ required: true, message: t('fees.required') }]}>
                <DatePicker format="DD/MM/YYYY" />
              </Form.Item>
              {user.scopeLevel === 'national' && (
                <Form.Item name="provinceCode" label={t('fees.provinceCode')} rules={[{ pattern: /^\d{2}$/, message: t('fees.provinceCode') }]}>
                  <Input style={{ width: 120 }} maxLength={2} inputMode="numeric" />
                </Form.Item>
              )}
            </Space>
            <Space wrap align="start">
              <Form.Item name="pct" label={t('fees.pct')} rules={percentRules}>
                <Input style={{ width: 120 }} placeholder="0,05" suffix="%" />
              </Form.Item>
              <Form.Item name="fixedVnd" label={t('fees.fixed')} rules={amountRules}>
                <MoneyInput style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="minVnd" label={t('fees.min')} rules={amountRules}>
                <MoneyInput style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="maxVnd" label={t('fees.max')} rules={amountRules}>
                <MoneyInput style={{ width: 160 }} placeholder={t('fees.noMax')} />
              </Form.Item>
              <Form.Item name="vatPct" label={t('fees.vat')} rules={percentRules}>
                <Input style={{ width: 120 }} placeholder="10" suffix="%" />
              </Form.Item>
            </Space>
            <Form.Item name="replace" valuePropName="checked">
              <Checkbox>{t('fees.replace')}</Checkbox>
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('fees.save')}
            </Button>
          </Form>
        </Card>
      )}
      <DataTable<FeeSchedule>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={schedules.data ?? []}
        loading={schedules.loading}
        minWidth={1000}
        locale={{ emptyText: t('fees.none') }}
        data-testid="fee-schedules"
      />
    </>
  );
}
