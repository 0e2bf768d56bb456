import { CheckCircleTwoTone, CloudDownloadOutlined, DownOutlined, ExclamationCircleTwoTone, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Dropdown, Empty, Flex, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useSession } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { useDownload } from '../../components/DownloadButton';
import { Money } from '../../components/Money';
import { formatDateTime, formatInteger } from '../../format';
import { useLabel } from '../../language';
import { compareVnd, formatVnd, sumVnd, type Vnd } from '../../money';
import { CodeTag } from '../common/CodeTags';
import type { Cycle } from '../payroll/types';
import { ProgressBar, sumProgress } from './ProgressBar';
import { channelGroupColors, channelGroupNames, sendOutcomeNames, sendReasonNames } from './labels';
import { useDisbursementTexts } from './texts';
import type { Batch, CreateBatchesResponse, FileFormat, HandOverResult, PollReport, SendReport } from './types';

const formatsOf: Record<Batch['channelGroup'], FileFormat[]> = {
  BANK: ['pain001', 'csv', 'xlsx'],
  WALLET: ['csv', 'xlsx'],
  CASH: ['cash-list', 'csv', 'xlsx'],
};

function FilesMenu({ cycleId, batch, onDownloaded }: { cycleId: number; batch: Batch; onDownloaded(): void }) {
  const t = useDisbursementTexts();
  const { downloading, download } = useDownload();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'note', type: 'group', label: <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 280, display: 'inline-block', whiteSpace: 'normal' }}>{t('batches.downloadNote')}</Typography.Text> },
          ...formatsOf[batch.channelGroup].map((format) => ({ key: format, label: t(`file.${format}`) })),
        ],
        onClick: ({ key }) => {
          void download(`/api/v1/disbursement/cycles/${cycleId}/files`, { key, query: { provider: batch.providerCode, format: key, round: batch.round } }).then(onDownloaded);
        },
      }}
    >
      <Button size="small" icon={<CloudDownloadOutlined />} loading={downloading !== null} data-testid={`files-${batch.messageId}`}>
        {t('batches.download')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

/**
 * Hands a batch over to its provider after its file was given to it: an explicit act, confirmed
 * (downloading a file does not hand the batch over). The server refuses a batch without a file.
 */
function HandOverButton({ cycleId, batch, onDone }: { cycleId: number; batch: Batch; onDone(): void }) {
  const t = useDisbursementTexts();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const confirm = () =>
    modal.confirm({
      title: t('handover.confirmTitle'),
      content: t('handover.confirmText', { provider: batch.providerName ?? batch.providerCode, items: formatInteger(batch.itemCount), amount: formatVnd(batch.controlSumVnd), batch: batch.messageId }),
      okText: t('handover.ok'),
      cancelText: t('handover.cancel'),
      onOk: async () => {
        setBusy(true);
        try {
          const result = await api.post<HandOverResult>(`/api/v1/disbursement/cycles/${cycleId}/batches/${batch.id}/hand-over`);
          message.success(result.handedOver ? t('handover.done', { batch: batch.messageId }) : t('handover.already'));
          onDone();
        } catch (error) {
          message.error(errorMessage(error));
        } finally {
          setBusy(false);
        }
      },
    });
  return (
    <Button size="small" type="primary" ghost icon={<SendOutlined />} loading={busy} onClick={confirm} data-testid={`hand-over-${batch.messageId}`}>
      {t('handover.button')}
    </Button>
  );
}

/**
 * The cycle's batches: one per provider and channel (and round, for same-cycle cash follow-ups),
 * with their control totals, hand-over and progress; files per batch; send and poll for the
 * providers reached through an API.
 */
export function BatchesCard({ cycle, batches, loading, onChanged }: { cycle: Cycle; batches: Batch[]; loading: boolean; onChanged(): void }) {
  const t = useDisbursementTexts();
  const label = useLabel();
  const { message } = App.useApp();
  const { can } = useSession();
  const [busy, setBusy] = useState<'create' | 'send' | 'poll' | null>(null);
  const [sendReport, setSendReport] = useState<SendReport>();
  const [pollNote, setPollNote] = useState<string>();
  const path = `/api/v1/disbursement/cycles/${cycle.id}`;
  const canSend = can('disbursement.send');

  async function act<T>(kind: 'create' | 'send' | 'poll', request: () => Promise<T>, done: (result: T) => void) {
    setBusy(kind);
    try {
      done(await request());
      onChanged();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  const itemCount = batches.reduce((sum, batch) => sum + batch.itemCount, 0);
  const controlSum = sumVnd(batches.filter((batch) => batch.round === 1).map((batch) => batch.controlSumVnd));
  const overall = sumProgress(batches.map((batch) => batch.progress));

  const columns: TableColumnsType<Batch> = [
    {
      title: t('batches.provider'),
      key: 'provider',
      render: (_value, batch) => (
        <span>
          <Typography.Text strong>{batch.providerName ?? batch.providerCode}</Typography.Text>
          <Typography.Text type="secondary"> ({batch.providerCode})</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {batch.messageId}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('batches.channel'),
      key: 'channel',
      width: 160,
      render: (_value, batch) => (
        <Space size={4} wrap>
          <CodeTag code={batch.channelGroup} names={channelGroupNames} colors={channelGroupColors} style={{ whiteSpace: 'normal' }} />
          {batch.round > 1 && <Tag color="magenta">{t('batches.round', { round: batch.round })}</Tag>}
        </Space>
      ),
    },
    { title: t('batches.items'), dataIndex: 'itemCount', align: 'right', width: 80, render: (value: number) => formatInteger(value) },
    {
      title: t('batches.controlSum'),
      dataIndex: 'controlSumVnd',
      align: 'right',
      width: 140,
      render: (value: Vnd) => <Money value={value} />,
    },
    {
      title: t('batches.handover'),
      dataIndex: 'sentAt',
      width: 150,
      render: (value: string | null, batch: Batch) =>
        value ? (
          <Typography.Text style={{ fontSize: 12 }}>{formatDateTime(value)}</Typography.Text>
        ) : (
          <Space direction="vertical" size={4}>
            <Tag>{t('batches.notSent')}</Tag>
            {canSend && <HandOverButton cycleId={cycle.id} batch={batch} onDone={onChanged} />}
          </Space>
        ),
    },
    { title: t('batches.progress'), key: 'progress', width: 190, render: (_value, batch) => <ProgressBar progress={batch.progress} items={batch.itemCount} /> },
    ...(canSend
      ? [{ title: t('batches.files'), key: 'files', width: 115, render: (_value: unknown, batch: Batch) => <FilesMenu cycleId={cycle.id} batch={batch} onDownloaded={onChanged} /> }]
      : []),
  ];

  const matches = compareVnd(controlSum, cycle.totalVnd) === 0;

  return (
    <Card
      title={t('batches.title')}
      style={{ marginBottom: 16 }}
      data-testid="batches"
      extra={
        canSend && batches.length > 0 ? (
          <Space wrap>
            <Tooltip title={t('send.help')}>
              <Button
                icon={<SendOutlined />}
                loading={busy === 'send'}
                onClick={() =>
                  void act('send', () => api.post<SendReport>(`${path}/send`, {}), (report) => {
                    setSendReport(report);
                    message.success(t('send.done', { acknowledged: report.acknowledged, rejected: report.rejected, unknown: report.unknown, skipped: report.skipped }));
                  })
                }
              >
                {t('send.button')}
              </Button>
            </Tooltip>
            <Button
              loading={busy === 'poll'}
              onClick={() =>
                void act('poll', () => api.post<PollReport>(`${path}/poll`), (report) => {
                  if (report.batches.length === 0) setPollNote(t('poll.nothing'));
                  else {
                    setPollNote(undefined);
                    message.success(t('poll.done', { applied: report.batches.reduce((sum, batch) => sum + batch.applied, 0), open: formatInteger(report.openItems) }));
                  }
                })
              }
            >
              {t('poll.button')}
            </Button>
          </Space>
        ) : undefined
      }
    >
      {batches.length === 0 && !loading ? (
        cycle.status === 'FUNDED' && canSend ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<Typography.Paragraph style={{ maxWidth: 560, margin: '0 auto' }}>{t('batches.createHelp')}</Typography.Paragraph>}>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              loading={busy === 'create'}
              data-testid="create-batches"
              onClick={() =>
                void act('create', () => api.post<CreateBatchesResponse>(`${path}/batches`), (result) =>
                  result.created ? message.success(t('batches.created', { count: result.batches.length })) : message.info(t('batches.existing')),
                )
              }
            >
              {t('batches.create')}
            </Button>
          </Empty>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={cycle.status === 'FUNDED' ? t('batches.none') : t('cycle.notFunded')} />
        )
      ) : (
        <>
          <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 12 }}>
            <Space wrap>
              <Typography.Text strong data-testid="batches-totals">
                {t('batches.totals', { batches: batches.length, items: formatInteger(itemCount), amount: formatVnd(controlSum) })}
              </Typography.Text>
              {batches.length > 0 &&
                canSend &&
                (matches ? (
                  <Tag icon={<CheckCircleTwoTone twoToneColor="#52c41a" />} color="success">
                    {t('batches.matches')}
                  </Tag>
                ) : (
                  <Tag icon={<ExclamationCircleTwoTone twoToneColor="#cf1322" />} color="error">
                    {t('batches.mismatch', { total: formatVnd(cycle.totalVnd) })}
                  </Tag>
                ))}
            </Space>
          </Flex>
          {batches.length > 0 && (
            <div style={{ marginBottom: 16 }}>
              <Typography.Text type="secondary">{t('batches.overall')}</Typography.Text>
              <ProgressBar progress={overall} items={itemCount} legend height={14} />
            </div>
          )}
          {pollNote && <Alert type="info" showIcon closable={{ onClose: () => setPollNote(undefined) }} title={pollNote} style={{ marginBottom: 12 }} />}
          {sendReport && (
            <Alert
              type={sendReport.rejected > 0 ? 'warning' : 'info'}
              showIcon
              closable={{ onClose: () => setSendReport(undefined) }}
              style={{ marginBottom: 12 }}
              title={t('send.title')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {sendReport.batches.map((result) => (
                    <li key={result.batchId}>
                      <Typography.Text code style={{ fontSize: 12 }}>
                        {result.messageId}
                      </Typography.Text>{' '}
                      {label(sendOutcomeNames, result.outcome)}
                      {result.reason && ` — ${label(sendReasonNames, result.reason)}`}
                      {result.error && ` — ${result.error.message}`}
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <DataTable<Batch> rowKey="id" size="middle" columns={columns} dataSource={batches} loading={loading} minWidth={1000} />
        </>
      )}
    </Card>
  );
}
