import { App, Button, Card, Form, Input, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../auth';
import { ActionDialog, useAction } from '../../components/ActionDialog';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { ApiData } from '../../api/useApiData';
import { formatDateTime } from '../../format';
import { useI18n } from '../../language';
import { useUsersTexts } from './texts';
import type { UserChange } from './types';

type Decision = { change: UserChange; kind: 'approve' | 'reject' };

/**
 * The account changes waiting for a second administrator: who proposed what, and for each the
 * buttons the viewer may use (approve only where the server says they may; reject or withdraw).
 */
export function UserChangesCard({ changes, onDecided }: { changes: ApiData<UserChange[]>; onDecided(): void }) {
  const { t: common } = useI18n();
  const t = useUsersTexts();
  const { message } = App.useApp();
  const { can, user: me } = useSession();
  const [decision, setDecision] = useState<Decision>();
  const [form] = Form.useForm<{ text?: string }>();
  const saving = useAction();
  const pending = (changes.data ?? []).filter((change) => change.status === 'pending');
  const kindText = (change: UserChange) => t(`changes.kind.${change.kind}`);

  async function decide(values: { text?: string }) {
    if (!decision) return;
    const { change, kind } = decision;
    await saving.run(async () => {
      if (kind === 'approve') await api.post(`/api/v1/users/changes/${change.id}/approve`, { comment: values.text?.trim() || undefined });
      else await api.post(`/api/v1/users/changes/${change.id}/reject`, { reason: values.text?.trim() ?? '' });
      message.success(t(kind === 'approve' ? 'changes.approved' : 'changes.rejected', { username: change.username }));
      setDecision(undefined);
      form.resetFields();
      onDecided();
    });
  }

  const columns: TableColumnsType<UserChange> = [
    { title: t('changes.kind'), key: 'kind', render: (_value, change) => <Tag color={change.kind === 'password_reset' ? 'orange' : 'blue'}>{kindText(change)}</Tag> },
    {
      title: t('changes.account'),
      key: 'account',
      render: (_value, change) => (
        <Space size={4} wrap>
          <code>{change.username}</code>
          {change.role && <Tag>{common(`role.${change.role}`)}</Tag>}
          {change.unitCode && <Typography.Text type="secondary">{change.unitCode}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('changes.proposed'), key: 'proposed', render: (_value, change) => t('changes.proposedBy', { user: change.proposedBy, time: formatDateTime(change.proposedAt) }) },
    {
      title: '',
      key: 'actions',
      render: (_value, change) =>
        can('users.manage') && (
          <Space size={4} wrap>
            {change.mayApprove ? (
              <Button size="small" type="primary" data-testid={`approve-change-${change.id}`} onClick={() => setDecision({ change, kind: 'approve' })}>
                {t('changes.approve')}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t('changes.notYours')}</Typography.Text>
            )}
            <Button size="small" danger onClick={() => setDecision({ change, kind: 'reject' })}>
              {change.proposedBy === me.username ? t('changes.withdraw') : t('changes.reject')}
            </Button>
          </Space>
        ),
    },
  ];

  return (
    <Card title={t('changes.title')} style={{ marginBottom: 16 }} data-testid="user-changes">
      <Typography.Paragraph type="secondary">{t('changes.help')}</Typography.Paragraph>
      <ErrorAlert error={changes.error} />
      <DataTable<UserChange> rowKey="id" columns={columns} dataSource={pending} loading={changes.loading} minWidth={640} pageSize={10} locale={{ emptyText: t('changes.none') }} />
      {decision && (
        <ActionDialog
          title={t(decision.kind === 'approve' ? 'changes.approveTitle' : 'changes.rejectTitle', { username: decision.change.username })}
          okText={decision.kind === 'approve' ? t('changes.approve') : t('changes.reject')}
          danger={decision.kind === 'reject'}
          running={saving.running}
          error={saving.error}
          onOk={() => form.submit()}
          onCancel={() => setDecision(undefined)}
        >
          {decision.kind === 'approve' && (
            <Typography.Paragraph>{t('changes.approveBody', { kind: kindText(decision.change), user: decision.change.proposedBy })}</Typography.Paragraph>
          )}
          <Form form={form} layout="vertical" onFinish={(values) => void decide(values)} requiredMark={false}>
            <Form.Item
              name="text"
              label={decision.kind === 'approve' ? t('changes.comment') : t('changes.reason')}
              rules={decision.kind === 'reject' ? [{ required: true, whitespace: true, message: t('changes.reasonRequired') }] : []}
            >
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Form>
        </ActionDialog>
      )}
    </Card>
  );
}
