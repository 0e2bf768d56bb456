import { Button, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useApiData } from '../api/useApiData';
import { useSession } from '../auth';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { RefreshButton } from '../components/RefreshButton';
import { ConnectionDialog } from './providers/ConnectionDialog';
import { TemplateEditor } from './providers/TemplateEditor';
import { useProvidersTexts } from './providers/texts';
import type { ProviderProfile } from './providers/types';
import type { FeeSchedule } from './fees/types';

/**
 * The payment providers (tổ chức chi trả) with their profiles: how each is reached, with which
 * credentials (only whether they are set, their fingerprints and the signing public key), and the
 * template of their bulk files. National system administrators change them; others who manage
 * settings see them.
 */
export default function ProvidersPage() {
  const t = useProvidersTexts();
  const { user } = useSession();
  const profiles = useApiData<{ providers: ProviderProfile[] }>('/api/v1/provider-profiles');
  // Fees are the fees module's (above disbursement): asked for separately, and only counted here.
  const fees = useApiData<FeeSchedule[]>('/api/v1/fee-schedules');
  const feeCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const schedule of fees.data ?? []) counts.set(schedule.providerCode, (counts.get(schedule.providerCode) ?? 0) + 1);
    return counts;
  }, [fees.data]);
  const [editing, setEditing] = useState<{ profile: ProviderProfile; part: 'connection' | 'template' }>();
  const admin = user.role === 'admin' && user.scopeLevel === 'national';

  const columns: TableColumnsType<ProviderProfile> = [
    { title: t('providers.provider'), key: 'provider', render: (_v, row) => `${row.shortName} (${row.providerCode})` },
    {
      title: t('providers.protocol'),
      key: 'protocol',
      render: (_v, row) =>
        row.endpoint ? (
          <Tag color="blue" title={row.endpoint.kind}>
            {t(`connection.kind.${row.endpoint.kind}`)}
          </Tag>
        ) : (
          <Typography.Text type="secondary">{t('providers.notConnected')}</Typography.Text>
        ),
    },
    {
      title: t('providers.endpoint'),
      key: 'endpoint',
      render: (_v, row) =>
        row.endpoint && (
          <Space orientation="vertical" size={0}>
            <Typography.Text code>{row.endpoint.baseUrl}</Typography.Text>
            {row.endpoint.kind === 'G2P' && <Typography.Text type="secondary">{t(`connection.statusMode.${row.endpoint.statusMode}`)}</Typography.Text>}
            {row.callbackUrl && <Typography.Text type="secondary">{row.callbackUrl}</Typography.Text>}
          </Space>
        ),
    },
    {
      title: t('providers.credentials'),
      key: 'credentials',
      render: (_v, row) =>
        row.endpoint && (
          <Space size={4} wrap>
            <Tag>{t('providers.secretTag', { fingerprint: row.endpoint.secretFingerprint })}</Tag>
            {row.endpoint.hasBearerToken && <Tag color="green">{t('providers.tokenTag')}</Tag>}
            {row.endpoint.signingPublicKey && <Tag color="purple">{t('providers.signingTag')}</Tag>}
          </Space>
        ),
    },
    {
      title: t('providers.template'),
      key: 'template',
      render: (_v, row) =>
        row.template.source === 'shipped' ? t('providers.shipped', { name: row.template.name }) : t('providers.version', { name: row.template.name, version: row.template.version }),
    },
    {
      title: t('providers.fees'),
      key: 'fees',
      render: (_v, row) => <Link to="/fees">{t('providers.feeCount', { count: feeCounts.get(row.providerCode) ?? 0 })}</Link>,
    },
    {
      key: 'actions',
      render: (_v, row) => (
        <Space>
          {admin && (
            <Button size="small" onClick={() => setEditing({ profile: row, part: 'connection' })}>
              {t('providers.editConnection')}
            </Button>
          )}
          <Button size="small" onClick={() => setEditing({ profile: row, part: 'template' })}>
            {t('providers.editTemplate')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('providers.title')} subtitle={t('providers.subtitle')} extra={<RefreshButton onClick={profiles.reload} />} />
      {!admin && <Typography.Paragraph type="secondary">{t('providers.adminOnly')}</Typography.Paragraph>}
      <ErrorAlert error={profiles.error} />
      <DataTable<ProviderProfile>
        rowKey="providerCode"
        size="middle"
        columns={columns}
        dataSource={profiles.data?.providers ?? []}
        loading={profiles.loading}
        minWidth={1000}
        locale={{ emptyText: t('providers.none') }}
        data-testid="provider-profiles"
      />
      {editing?.part === 'connection' && <ConnectionDialog profile={editing.profile} onClose={() => setEditing(undefined)} onSaved={profiles.reload} />}
      {editing?.part === 'template' && <TemplateEditor profile={editing.profile} editable={admin} onClose={() => setEditing(undefined)} onSaved={profiles.reload} />}
    </>
  );
}
