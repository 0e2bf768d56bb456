import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../../api/client';
import { formatMonth } from '../../../format';
import type { ReviewItem } from '../../common/types';
import { useRegistryTexts } from '../texts';

export type ReviewAction = 'accept' | 'terminate' | 'dismiss';

/** What each kind of discrepancy allows (the server's rule). */
export const allowedActions: Record<string, readonly ReviewAction[]> = {
  NAME_MISMATCH: ['accept', 'dismiss'],
  DOB_MISMATCH: ['accept', 'dismiss'],
  DECEASED: ['terminate', 'dismiss'],
  MOVED: ['accept', 'dismiss'],
  NOT_FOUND: ['dismiss'],
};

const titles = { accept: 'review.acceptTitle', terminate: 'review.terminateTitle', dismiss: 'review.dismissTitle' } as const;

function Explanation({ item, action }: { item: ReviewItem; action: ReviewAction }) {
  const t = useRegistryTexts();
  if (action === 'dismiss') return <Alert type="info" showIcon title={t('review.dismissExplain')} />;
  if (action === 'terminate') {
    const month = typeof item.proposed.effectiveMonth === 'string' ? formatMonth(item.proposed.effectiveMonth) : '';
    return <Alert type="warning" showIcon title={t('review.terminateExplain', { month })} />;
  }
  if (item.kind === 'MOVED') return <Alert type="warning" showIcon title={t('review.moveExplain')} />;
  return <Alert type="info" showIcon title={t('review.acceptExplain')} />;
}

/** Confirms a resolution; dismissing needs a reason, the others take an optional note. */
export function ResolveDialog({ item, action, onClose, onDone }: { item: ReviewItem; action: ReviewAction; onClose(): void; onDone(): void }) {
  const t = useRegistryTexts();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function submit(note?: string) {
    setSaving(true);
    setProblem(undefined);
    try {
      await api.post(`/api/v1/review-items/${item.id}/resolve`, { action, note: note?.trim() || undefined });
      message.success(t('review.resolved', { name: item.fullName }));
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
      title={`${t(titles[action])}: ${item.fullName}`}
      okText={t(titles[action])}
      okButtonProps={{ danger: action === 'terminate', loading: saving }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Explanation item={item} action={action} />
      {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginTop: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values.note)} style={{ marginTop: 16 }}>
        <Form.Item
          name="note"
          label={action === 'dismiss' ? t('review.reason') : t('review.note')}
          rules={action === 'dismiss' ? [{ required: true, whitespace: true, message: t('review.reasonRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder={action === 'dismiss' ? t('review.reasonPlaceholder') : undefined} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
