import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
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
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const approve = decision === 'approve';
  // The account-name inquiry answered, and not with an active account in the expected name.
  const inquiry = proposal.verification;
  const doubtful = Boolean(inquiry?.status) && ['ACTIVE', 'CLOSED', 'BLOCKED', 'UNKNOWN'].includes(inquiry?.status ?? '') && !(inquiry?.status === 'ACTIVE' && inquiry.nameMatches);

  async function submit(text?: string) {
    setSaving(true);
    setProblem(undefined);
    try {
      if (approve) {
        const result = await api.post<ApproveResult>(`/api/v1/accounts/proposals/${proposal.id}/approve`, { comment: text?.trim() || undefined });
        message.success(t(result.notified ? 'decision.approvedNotified' : 'decision.approved', { month: formatMonth(result.effectiveMonth) }));
      } else {
        await api.post(`/api/v1/accounts/proposals/${proposal.id}/reject`, { reason: text?.trim() ?? '' });
        message.success(t('decision.rejected'));
      }
      onDone();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open
      title={t(approve ? 'decision.approveTitle' : 'decision.rejectTitle', { id: proposal.id })}
      okText={t(approve ? 'queue.approve' : 'queue.reject')}
      okButtonProps={{ danger: !approve, loading: saving }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t(approve ? 'decision.approveExplain' : 'decision.rejectExplain', { name: proposal.fullName })}
      </Typography.Paragraph>
      {approve && doubtful && <Alert type="warning" showIcon title={t('decision.inquiryDoubt')} style={{ marginBottom: 12 }} />}
      {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginBottom: 12 }} data-testid="decision-error" />}
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values.text)}>
        <Form.Item
          name="text"
          label={approve ? t('decision.comment') : t('decision.reason')}
          rules={approve ? [] : [{ required: true, whitespace: true, message: t('decision.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
