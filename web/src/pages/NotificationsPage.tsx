import { App, Button, Card, Flex, Input, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useApiData } from '../api/useApiData';
import { useSession } from '../auth';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { RefreshButton } from '../components/RefreshButton';
import { formatDateTime } from '../format';
import { useLabel } from '../language';
import { notificationDeliveryNames, notificationKindNames, notificationStatusNames } from '../../../src/modules/formats/labels';
import { useSmsTexts } from './notifications/texts';

interface Notification {
  id: number;
  kind: string;
  status: 'PENDING' | 'SENT' | 'FAILED';
  delivery: 'DELIVERED' | 'UNDELIVERED' | null;
  text: string;
  segments: number;
  phone: string | null;
  communeCode: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
}

interface Template {
  kind: string;
  text: string;
  source: 'PROVINCE' | 'NATIONAL' | 'DEFAULT';
  sample: string;
  segments: number;
}

const statusColors = { PENDING: 'gold', SENT: 'green', FAILED: 'red' } as const;

/** One kind's wording: edited, saved (checked by the server: two SMS at most) or reset to the common one. */
function TemplateEditor({ template, province, onSaved }: { template: Template; province: string | undefined; onSaved: () => void }) {
  const t = useSmsTexts();
  const label = useLabel();
  const { message } = App.useApp();
  const [text, setText] = useState(template.text);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const save = async (value: string | null) => {
    setSaving(true);
    setError(undefined);
    try {
      await api.put(`/api/v1/notifications/templates/${template.kind}`, { province: province ?? null, text: value });
      message.success(t('sms.saved'));
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title={label(notificationKindNames, template.kind)} extra={<Tag>{t(`sms.source.${template.source}`)}</Tag>} data-testid={`template-${template.kind}`}>
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      <Input.TextArea value={text} onChange={(event) => setText(event.target.value)} autoSize={{ minRows: 2 }} maxLength={480} aria-label={template.kind} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 8 }}>
        {t('sms.sample')}: {template.sample} ({t('sms.segments', { segments: template.segments })})
      </Typography.Paragraph>
      <Space>
        <Button type="primary" size="small" loading={saving} disabled={text.trim() === '' || text === template.text} onClick={() => void save(text)}>
          {t('sms.save')}
        </Button>
        {template.source === 'PROVINCE' && (
          <Button size="small" onClick={() => void save(null)}>
            {t('sms.reset')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

/**
 * The SMS outbox of the user's area (what was sent, whether it reached the phone) and, for those
 * who manage the province's settings, the wording of the payment news.
 */
export default function NotificationsPage() {
  const t = useSmsTexts();
  const label = useLabel();
  const { can, user } = useSession();
  const [unit, setUnit] = useState(user.unitCode ?? '');
  const [status, setStatus] = useState<string>('');
  const [delivery, setDelivery] = useState<string>('');
  const query = new URLSearchParams({ ...(/^(\d{2}|\d{5})$/.test(unit) ? { unit } : {}), ...(status ? { status } : {}), ...(delivery ? { delivery } : {}), limit: '200' });
  const messages = useApiData<Notification[]>(`/api/v1/notifications?${query.toString()}`);
  const province = user.scopeLevel === 'national' ? undefined : user.unitCode?.slice(0, 2);
  const templates = useApiData<Template[]>(can('settings.manage') ? `/api/v1/notifications/templates${province ? `?province=${province}` : ''}` : null);

  const columns: TableColumnsType<Notification> = [
    { title: t('sms.time'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value) },
    { title: t('sms.kind'), dataIndex: 'kind', width: 150, render: (kind: string) => <span title={kind}>{label(notificationKindNames, kind)}</span> },
    { title: t('sms.phone'), dataIndex: 'phone', width: 120 },
    { title: t('sms.text'), dataIndex: 'text', render: (text: string, row) => <>{text} <Typography.Text type="secondary">({t('sms.segments', { segments: row.segments })})</Typography.Text></> },
    {
      title: t('sms.status'),
      dataIndex: 'status',
      width: 130,
      render: (value: Notification['status'], row) => <Tag color={statusColors[value]} title={row.lastError ?? undefined}>{label(notificationStatusNames, value)}</Tag>,
    },
    {
      title: t('sms.delivery'),
      dataIndex: 'delivery',
      width: 140,
      render: (value: Notification['delivery'], row) =>
        row.status !== 'SENT' ? null : <Tag color={value === 'DELIVERED' ? 'green' : value === 'UNDELIVERED' ? 'red' : 'default'}>{value === null ? t('sms.delivery.NONE') : label(notificationDeliveryNames, value)}</Tag>,
    },
  ];

  return (
    <>
      <PageHeader title={t('sms.title')} subtitle={t('sms.subtitle')} extra={<RefreshButton onClick={messages.reload} />} />
      <ErrorAlert error={messages.error} />
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Input style={{ width: 160 }} value={unit} onChange={(event) => setUnit(event.target.value.trim())} placeholder={t('sms.unit')} aria-label={t('sms.unit')} maxLength={5} />
        <Select
          style={{ width: 180 }}
          value={status}
          onChange={setStatus}
          aria-label={t('sms.status')}
          options={[{ value: '', label: `${t('sms.status')}: ${t('sms.all')}` }, ...(['PENDING', 'SENT', 'FAILED'] as const).map((value) => ({ value, label: label(notificationStatusNames, value) }))]}
        />
        <Select
          style={{ width: 180 }}
          value={delivery}
          onChange={setDelivery}
          aria-label={t('sms.delivery')}
          options={[{ value: '', label: `${t('sms.delivery')}: ${t('sms.all')}` }, ...(['DELIVERED', 'UNDELIVERED', 'NONE'] as const).map((value) => ({ value, label: value === 'NONE' ? t('sms.delivery.NONE') : label(notificationDeliveryNames, value) }))]}
        />
      </Flex>
      <DataTable<Notification> rowKey="id" size="small" columns={columns} dataSource={messages.data ?? []} loading={messages.loading} minWidth={1000} pageSize={50} locale={{ emptyText: t('sms.none') }} data-testid="sms-outbox" />
      {can('settings.manage') && (
        <Card title={t('sms.templates')} style={{ marginTop: 16 }}>
          <Typography.Paragraph type="secondary">{t('sms.templatesHelp')}</Typography.Paragraph>
          <ErrorAlert error={templates.error} />
          <Space orientation="vertical" style={{ width: '100%' }}>
            {(templates.data ?? []).map((template) => (
              <TemplateEditor key={`${template.kind}-${template.text}`} template={template} province={province} onSaved={templates.reload} />
            ))}
          </Space>
        </Card>
      )}
    </>
  );
}
