import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Empty, Flex, Form, Input, Segmented, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { useSession } from '../../auth';
import { ActionDialog, useAction } from '../../components/ActionDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime, formatInteger } from '../../format';
import { useLabel } from '../../language';
import { channelNames } from '../common/codes';
import type { ImportAccountChange, ImportBatch, ImportChanges } from '../common/types';
import { useImportTexts } from './texts';

const approvalColors: Record<ImportBatch['approval'], string> = { PENDING: 'gold', APPROVED: 'green', REJECTED: 'red', NOT_NEEDED: 'default' };

/**
 * The imports whose accounts wait for a second person: the file's list of account changes (the
 * account in use next to the file's), then one decision for the whole file. The server refuses the
 * importer, an approver the importer created, and an approver whose area does not cover the file.
 */
export function ImportApprovals() {
  const t = useImportTexts();
  const [filter, setFilter] = useState<'PENDING' | ''>('PENDING');
  const [selected, setSelected] = useState<number | null>(null);
  const list = useApiData<ImportBatch[]>('/api/v1/import-batches', { approval: filter || undefined });
  const batches = list.data ?? [];
  return (
    <Flex vertical gap={16}>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Flex style={{ padding: 12 }} gap={8} wrap>
          <Segmented<'PENDING' | ''>
            value={filter}
            onChange={(value) => {
              setFilter(value);
              setSelected(null);
            }}
            options={[
              { value: 'PENDING', label: t('approvals.pending') },
              { value: '', label: t('approvals.all') },
            ]}
          />
        </Flex>
        <ErrorAlert error={list.error} style={{ margin: '0 12px 12px' }} />
        <Table<ImportBatch>
          rowKey="batchId"
          size="small"
          loading={list.loading}
          dataSource={batches}
          pagination={false}
          locale={{ emptyText: <Empty description={filter === 'PENDING' ? t('approvals.emptyPending') : t('approvals.empty')} /> }}
          onRow={(batch) => ({ onClick: () => setSelected(batch.batchId), style: { cursor: 'pointer' } })}
          rowClassName={(batch) => (batch.batchId === selected ? 'ant-table-row-selected' : '')}
          data-testid="import-batches"
          columns={[
            { title: '#', dataIndex: 'batchId', width: 70 },
            { title: t('approvals.file'), dataIndex: 'fileName' },
            { title: t('approvals.importedBy'), dataIndex: 'importedBy' },
            { title: t('approvals.importedAt'), dataIndex: 'importedAt', render: (value: string) => formatDateTime(value) },
            { title: t('approvals.accountChanges'), dataIndex: 'accountChanges', align: 'right', render: (value: number) => formatInteger(value) },
            { title: t('approvals.state'), dataIndex: 'approval', render: (value: ImportBatch['approval']) => <Tag color={approvalColors[value]}>{t(`approval.${value}`)}</Tag> },
          ]}
        />
      </Card>
      {selected !== null && <BatchChanges key={selected} batchId={selected} onDecided={list.reload} />}
    </Flex>
  );
}

function BatchChanges({ batchId, onDecided }: { batchId: number; onDecided(): void }) {
  const t = useImportTexts();
  const label = useLabel();
  const session = useSession();
  const [after, setAfter] = useState<number | undefined>();
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const changes = useApiData<ImportChanges>(`/api/v1/import-batches/${batchId}/changes`, { after });
  const batch = changes.data?.batch;
  const account = (channel: string | null, provider: string | null, number: string | null, holder: string | null) =>
    channel === null ? <Typography.Text type="secondary">{t('approvals.none')}</Typography.Text> : (
      <span>
        {label(channelNames, channel)} · {provider}
        {number ? ` · ${number}` : ''}
        {holder ? <Typography.Text type="secondary">{` (${holder})`}</Typography.Text> : null}
      </span>
    );
  const canDecide = batch?.approval === 'PENDING' && session.can('accounts.approve') && batch.importedBy !== session.user.username;

  return (
    <Card title={t('approvals.changesTitle', { id: batchId })} data-testid="import-changes">
      <ErrorAlert error={changes.error} />
      <Spin spinning={changes.loading}>
        {batch && (
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            style={{ marginBottom: 12 }}
            items={[
              { key: 'file', label: t('approvals.file'), children: batch.fileName },
              { key: 'by', label: t('approvals.importedBy'), children: batch.importedBy },
              { key: 'state', label: t('approvals.state'), children: <Tag color={approvalColors[batch.approval]}>{t(`approval.${batch.approval}`)}</Tag> },
              ...(batch.decidedBy ? [{ key: 'decided', label: t('approvals.decidedBy'), children: `${batch.decidedBy} · ${formatDateTime(batch.decidedAt!)}${batch.reason ? ` · ${batch.reason}` : ''}` }] : []),
            ]}
          />
        )}
        {batch?.approval === 'PENDING' && <Alert type="info" showIcon title={t('approvals.explain', { count: formatInteger(batch.accountChanges) })} style={{ marginBottom: 12 }} />}
        <Table<ImportAccountChange>
          rowKey="id"
          size="small"
          dataSource={changes.data?.changes ?? []}
          pagination={false}
          columns={[
            { title: t('approvals.person'), render: (_, row) => <span>{row.fullName}<br /><Typography.Text type="secondary">{row.personalId} · {row.communeCode}</Typography.Text></span> },
            { title: t('approvals.old'), render: (_, row) => account(row.oldChannel, row.oldProviderCode, row.oldAccountNumber, row.oldAccountHolder) },
            { title: t('approvals.new'), render: (_, row) => account(row.channel, row.providerCode, row.accountNumber, row.accountHolder) },
          ]}
        />
        <Flex justify="space-between" style={{ marginTop: 12 }} wrap gap={8}>
          <Button disabled={!changes.data?.nextAfter} onClick={() => setAfter(changes.data?.nextAfter ?? undefined)}>
            {t('approvals.more')}
          </Button>
          {canDecide && (
            <Flex gap={8}>
              <Button danger icon={<CloseOutlined />} onClick={() => setDeciding('reject')} data-testid="import-reject">
                {t('approvals.reject')}
              </Button>
              <Button type="primary" icon={<CheckOutlined />} onClick={() => setDeciding('approve')} data-testid="import-approve">
                {t('approvals.approve', { count: formatInteger(batch.accountChanges) })}
              </Button>
            </Flex>
          )}
        </Flex>
      </Spin>
      {deciding && batch && (
        <DecideDialog
          batchId={batchId}
          decision={deciding}
          accountChanges={batch.accountChanges}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            changes.reload();
            onDecided();
          }}
        />
      )}
    </Card>
  );
}

function DecideDialog({ batchId, decision, accountChanges, onClose, onDone }: { batchId: number; decision: 'approve' | 'reject'; accountChanges: number; onClose(): void; onDone(): void }) {
  const t = useImportTexts();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const action = useAction();
  const approve = decision === 'approve';

  async function submit(reason?: string) {
    await action.run(async () => {
      if (approve) await api.post(`/api/v1/import-batches/${batchId}/approve`);
      else await api.post(`/api/v1/import-batches/${batchId}/reject`, { reason: reason?.trim() ?? '' });
      message.success(t(approve ? 'approvals.approved' : 'approvals.rejected'));
      onDone();
    });
  }

  return (
    <ActionDialog
      title={t(approve ? 'approvals.approveTitle' : 'approvals.rejectTitle', { id: batchId })}
      okText={approve ? t('approvals.approve', { count: formatInteger(accountChanges) }) : t('approvals.reject')}
      danger={!approve}
      running={action.running}
      error={action.error}
      errorTestId="import-decision-error"
      onOk={() => (approve ? void submit() : form.submit())}
      onCancel={onClose}
    >
      <Typography.Paragraph>{t(approve ? 'approvals.approveExplain' : 'approvals.rejectExplain', { count: formatInteger(accountChanges) })}</Typography.Paragraph>
      {!approve && (
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values.reason)}>
          <Form.Item name="reason" label={t('approvals.reason')} rules={[{ required: true, whitespace: true, message: t('approvals.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      )}
    </ActionDialog>
  );
}
