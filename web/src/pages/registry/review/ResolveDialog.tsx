import { Alert, App, Form, Input } from 'antd';
import { api } from '../../../api/client';
import { ActionDialog, useAction } from '../../../components/ActionDialog';
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
  const resolving = useAction();

  async function submit(note?: string) {
    await resolving.run(async () => {
      await api.post(`/api/v1/review-items/${item.id}/resolve`, { action, note: note?.trim() || undefined });
      message.success(t('review.resolved', { name: item.fullName }));
      onDone();
    });
  }

  return (
    <ActionDialog
      title={`${t(titles[action])}: ${item.fullName}`}
      okText={t(titles[action])}
      danger={action === 'terminate'}
      running={resolving.running}
      error={resolving.error}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Explanation item={item} action={action} />
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values.note)} style={{ marginTop: 16 }}>
        <Form.Item
          name="note"
          label={action === 'dismiss' ? t('review.reason') : t('review.note')}
          rules={action === 'dismiss' ? [{ required: true, whitespace: true, message: t('review.reasonRequired') }] : []}
        >
          <Input.TextArea rows={3} maxLength={500} placeholder={action === 'dismiss' ? t('review.reasonPlaceholder') : undefined} />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}
