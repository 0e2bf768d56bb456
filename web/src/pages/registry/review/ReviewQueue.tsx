import { CheckOutlined, CloseOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Segmented, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useApiData } from '../../../api/useApiData';
import { useSession } from '../../../auth';
import { DataTable } from '../../../components/DataTable';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDate, formatDateTime } from '../../../format';
import { useCodeOptions } from '../../../language';
import { useLocality } from '../../../locality';
import { useUnitNames } from '../../../units';
import { ReviewKindTag } from '../../common/CodeTags';
import { FilterSelect } from '../../common/FilterSelect';
import { KeysetPager, useCursors } from '../../common/KeysetPager';
import { isFullPersonalId, reviewKindNames, reviewKinds, reviewStatuses, reviewStatusNames } from '../../common/codes';
import type { ReviewItem, ReviewPage } from '../../common/types';
import { useRegistryLinks } from '../links';
import { useRegistryTexts } from '../texts';
import { allowedActions, ResolveDialog, type ReviewAction } from './ResolveDialog';

const pageSize = 30;
const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } as const;

/** The value in the registry and the one the population database holds, side by side. */
function Comparison({ item, unitNames }: { item: ReviewItem; unitNames: ReadonlyMap<string, string> }) {
  const t = useRegistryTexts();
  const show = (key: string, value: unknown): ReactNode => {
    if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">{t('review.noValue')}</Typography.Text>;
    const text = String(value);
    if (key === 'birthDate' || key === 'deathDate') return formatDate(text);
    if (key === 'communeCode') return unitNames.has(text) ? `${unitNames.get(text)} (${text})` : t('review.otherCommune', { code: text });
    return text;
  };
  const key = item.kind === 'NAME_MISMATCH' ? 'fullName' : item.kind === 'DOB_MISMATCH' ? 'birthDate' : item.kind === 'DECEASED' ? 'deathDate' : item.kind === 'MOVED' ? 'communeCode' : null;
  if (!key) return <Typography.Text type="secondary">{t('review.notFoundExplain')}</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      <span>
        <Typography.Text type="secondary">{t('review.current')}: </Typography.Text>
        {show(key, item.currentValue[key])}
      </span>
      <span>
        <Typography.Text type="secondary">{t('review.proposed')}: </Typography.Text>
        <Typography.Text strong>{show(key, item.proposed[key])}</Typography.Text>
      </span>
    </Flex>
  );
}

const actionLook: Record<ReviewAction, { icon: ReactNode; danger?: boolean; primary?: boolean; label: 'review.accept' | 'review.terminate' | 'review.dismiss' }> = {
  accept: { icon: <CheckOutlined />, primary: true, label: 'review.accept' },
  terminate: { icon: <StopOutlined />, danger: true, label: 'review.terminate' },
  dismiss: { icon: <CloseOutlined />, label: 'review.dismiss' },
};

function Actions({ item, onPick }: { item: ReviewItem; onPick(action: ReviewAction): void }) {
  const t = useRegistryTexts();
  const { can } = useSession();
  if (item.status !== 'OPEN') {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('review.resolvedBy', { user: item.resolvedBy ?? '', time: formatDateTime(item.resolvedAt) })}
        {item.resolutionNote && ` — ${item.resolutionNote}`}
      </Typography.Text>
    );
  }
  if (!can('registry.review')) return null;
  return (
    <Flex gap={6} wrap>
      {(allowedActions[item.kind] ?? ['dismiss']).map((action) => {
        // Changing the registry needs the write permission too; dismissing only records a decision.
        if (action !== 'dismiss' && !can('registry.write')) return null;
        const look = actionLook[action];
        return (
          <Button key={action} size="small" type={look.primary ? 'primary' : 'default'} danger={look.danger} icon={look.icon} onClick={() => onPick(action)}>
            {t(look.label)}
          </Button>
        );
      })}
    </Flex>
  );
}

/** Discrepancies found by the population checks, oldest questions first answered by the officer. */
export function ReviewQueue({ version }: { version: number }) {
  const t = useRegistryTexts();
  const options = useCodeOptions();
  const { locality, loading: localityLoading } = useLocality();
  const links = useRegistryLinks();
  const [status, setStatus] = useState<string>('OPEN');
  const [kind, setKind] = useState<string>();
  const cursors = useCursors();
  const [resolving, setResolving] = useState<{ item: ReviewItem; action: ReviewAction } | null>(null);
  const page = useApiData<ReviewPage>(localityLoading ? null : '/api/v1/review-items', {
    status: status || undefined,
    kind,
    commune: locality.commune?.code,
    before: cursors.cursor,
    limit: pageSize,
  });
  const { reload } = page;
  // A population check just finished: its new items should appear.
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const items = page.data?.items ?? [];
  const nextBeforeId = page.data?.nextBeforeId ?? null;
  const unitNames = useUnitNames(items.flatMap((item) => [item.communeCode, typeof item.proposed.communeCode === 'string' ? item.proposed.communeCode : null]));

  const columns: TableColumnsType<ReviewItem> = [
    {
      title: t('review.person'),
      key: 'person',
      width: 220,
      render: (_value, item) => (
        <Flex vertical gap={2}>
          {isFullPersonalId(item.personalId) ? (
            <Typography.Link strong onClick={() => links.detail(item.personalId)}>
              {item.fullName}
            </Typography.Link>
          ) : (
            <Typography.Text strong>{item.fullName}</Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <span style={mono}>{item.personalId}</span> · {formatDate(item.birthDate)}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('review.kind'), dataIndex: 'kind', width: 190, render: (value: string) => <ReviewKindTag kind={value} /> },
    { title: t('review.values'), key: 'values', render: (_value, item) => <Comparison item={item} unitNames={unitNames} /> },
    { title: t('review.checkedAt'), dataIndex: 'checkedAt', width: 110, render: (value: string) => formatDate(value) },
    { title: t('review.actions'), key: 'actions', width: 230, render: (_value, item) => <Actions item={item} onPick={(action) => setResolving({ item, action })} /> },
  ];

  const reset = cursors.reset;
  return (
    <Card title={t('review.title')} size="small" styles={{ body: { padding: 0 } }}>
      <Flex gap={8} wrap align="center" style={{ padding: 12 }}>
        <Segmented
          value={status}
          onChange={(value) => {
            setStatus(value);
            reset();
          }}
          options={[...options(reviewStatuses, reviewStatusNames), { value: '', label: t('review.allStatuses') }]}
        />
        <FilterSelect
          label={t('review.kind')}
          placeholder={t('review.allKinds')}
          width={240}
          value={kind}
          onChange={(value) => {
            setKind(value);
            reset();
          }}
          options={options(reviewKinds, reviewKindNames)}
        />
      </Flex>
      <ErrorAlert error={page.error} style={{ margin: '0 12px 12px' }} />
      <DataTable<ReviewItem>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={page.loading}
        minWidth={960}
        locale={{ emptyText: status === 'OPEN' ? t('review.emptyOpen') : t('review.empty') }}
      />
      <KeysetPager {...cursors.pager(nextBeforeId)} />
      {resolving && (
        <ResolveDialog
          item={resolving.item}
          action={resolving.action}
          onClose={() => setResolving(null)}
          onDone={() => {
            setResolving(null);
            page.reload();
          }}
        />
      )}
    </Card>
  );
}
