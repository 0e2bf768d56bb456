import { App, Form, Input, Select } from 'antd';
import { api } from '../../api/client';
import { ActionDialog, useAction } from '../../components/ActionDialog';
import { useI18n, useLabel } from '../../language';
import { campaignStages, stageNames, useCampaignTexts } from './texts';
import type { CashPerson } from './types';

interface Values {
  stage: string;
  note?: string;
}

/**
 * Sets the campaign stage of one person (PUT) or of several (POST, one transaction). "Từ chối"
 * needs a written reason, as the provincial plans require; the server checks it too.
 */
export function StageDialog({ people, onClose, onSaved }: { people: CashPerson[] | null; onClose(): void; onSaved(): void }) {
  const t = useCampaignTexts();
  const { t: shell } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const stage = Form.useWatch('stage', form);
  const action = useAction();
  const single = people?.length === 1 ? people[0] : undefined;

  async function save(values: Values) {
    if (!people) return;
    await action.run(async () => {
      const note = values.note?.trim() || undefined;
      if (single) {
        await api.put(`/api/v1/campaign/stages/${single.personalId}`, { stage: values.stage, note });
        message.success(t('stage.saved'));
      } else {
        const result = await api.post<{ updated: number; rejected: number }>(
          '/api/v1/campaign/stages',
          people.map((person) => ({ personalId: person.personalId, stage: values.stage, note })),
        );
        message.success(t('stage.bulkSaved', { updated: result.updated, rejected: result.rejected }));
      }
      onSaved();
    });
  }

  return (
    <ActionDialog
      open={people !== null}
      title={single ? t('stage.title', { name: single.fullName }) : t('stage.bulkTitle', { count: people?.length ?? 0 })}
      okText={shell('common.save')}
      running={action.running}
      error={action.error}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ stage: single?.stage ?? 'CONTACTED', note: single?.stageNote ?? undefined }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item name="stage" label={t('stage.stage')} rules={[{ required: true }]}>
          <Select options={campaignStages.map((value) => ({ value, label: label(stageNames, value) }))} />
        </Form.Item>
        <Form.Item
          name="note"
          label={stage === 'DECLINED' ? t('stage.noteDeclined') : t('stage.note')}
          rules={[{ required: stage === 'DECLINED', whitespace: true, message: t('stage.noteRequired') }]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}
