import { Alert, App, Form, Input, Typography } from 'antd';
import { api } from '../../api/client';
import { ActionDialog, useAction } from '../../components/ActionDialog';
import { formatMonth } from '../../format';
import type { AccountProposal } from '../common/types';
import { useAccountsTexts } from './texts';

export type Decision = 'approve' | 'reject';

interface ApproveResult {
  effectiveMonth: string;
  notified: boolean;
}

/**
 * Approve (optional comment) or reject (reason required) one proposal. The server refuses an
 * approval by the person who proposed it; its message is shown here as it comes.
 */
export function DecisionDialog({ proposal, decision, onClose, onDone }: { proposal: AccountProposal; decision: Decision; onClose(): void; onDone(): void }) {
  const t = useAccountsTexts();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ text?: string }>();
  const action = useAction();
  const approve = decision === 'approve';
  // The account-name inquiry answered, and not with an active account in the expected name.
  const inquiry = proposal.verification;
  const doubtful = Boolean(inquiry?.status) && ['ACTIVE', 'CLOSED', 'BLOCKED', 'UNKNOWN'].includes(inquiry?.status ?? '') && !(inquiry?.status === 'ACTIVE' && inquiry.nameMatches);

  async function submit(text?: string) {
    await action.run(async () => {
      if (approve) {
        const result = await api.post<ApproveResult>(`/api/v1/accounts/proposals/${proposal.id}/approve`, { comment: text?.trim() || undefined });
        message.success(t(result.notified ? 'decision.approvedNotified' : 'decision.approved', { month: formatMonth(result.effectiveMonth) }));
      } else {
        await api.post(`/api/v1/accounts/proposals/${proposal.id}/reject`, { reason: text?.trim() ?? '' });
        message.success(t('decision.rejected'));
      }
      onDone();
    });
  }

  return (
    <ActionDialog
      title={t(approve ? 'decision.approveTitle' : 'decision.rejectTitle', { id: proposal.id })}
      okText={t(approve ? 'queue.approve' : 'queue.reject')}
      danger={!approve}
      running={action.running}
      error={action.error}
      errorTestId="decision-error"
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        {t(approve ? 'decision.approveExplain' : 'decision.rejectExplain', { name: proposal.fullName })}
      </Typography.Paragraph>
      {approve && doubtful && <Alert type="warning" showIcon title={t('decision.inquiryDoubt')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values.text)}>
        <Form.Item
          name="text"
          label={approve ? t('decision.comment') : t('decision.reason')}
          rules={approve ? [] : [{ required: true, whitespace: true, message: t('decision.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}
