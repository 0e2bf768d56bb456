import { Alert, App, Checkbox, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import { ActionDialog, showUnderField, useAction } from '../../../components/ActionDialog';
import { formatDate, formatMonth } from '../../../format';
import { useCodeOptions, useLabel } from '../../../language';
import { categoryNames, statusReasonNames, statusReasons } from '../../common/codes';
import type { Enrolment } from '../../common/types';
import { useRegistryTexts } from '../texts';

export type StatusAction = 'terminate' | 'suspend' | 'resume';

interface Values {
  category: string;
  reason?: string;
  eventDate?: Dayjs;
  arrearsDue?: boolean;
  note?: string;
}

interface StatusResult {
  effectiveMonth: string;
  changed: string[];
  unchanged: number;
}

/** Which enrolments an action applies to (the server applies the same rule). */
export function applicableEnrolments(action: StatusAction, enrolments: readonly Enrolment[]): Enrolment[] {
  return enrolments.filter((enrolment) =>
    action === 'terminate' ? enrolment.status !== 'THOI_HUONG' : action === 'suspend' ? enrolment.status === 'DANG_HUONG' : enrolment.status === 'TAM_DUNG',
  );
}

const titleKeys = { terminate: 'status.terminateTitle', suspend: 'status.suspendTitle', resume: 'status.resumeTitle' } as const;

/** Terminate, suspend or resume with reason and event date; explains from which month it applies. */
export function StatusDialog({ action, personalId, enrolments, onClose, onDone }: { action: StatusAction; personalId: string; enrolments: Enrolment[]; onClose(): void; onDone(): void }) {
  const t = useRegistryTexts();
  const label = useLabel();
  const options = useCodeOptions();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const saving = useAction();
  const eventDate = Form.useWatch('eventDate', form);
  const choices = applicableEnrolments(action, enrolments);
  const resume = action === 'resume';
  const day = eventDate ?? dayjs();
  const effective = resume ? day.format('YYYY-MM') : day.add(1, 'month').format('YYYY-MM');

  async function submit(values: Values) {
    await saving.run(async () => {
      const result = await api.post<StatusResult>(`/api/v1/beneficiaries/${personalId}/status`, {
        action,
        reason: resume ? undefined : values.reason,
        eventDate: values.eventDate ? values.eventDate.format('DD/MM/YYYY') : undefined,
        category: values.category || undefined,
        arrearsDue: resume ? Boolean(values.arrearsDue) : undefined,
        note: values.note?.trim() || undefined,
      });
      if (result.changed.length === 0) message.warning(t('status.nothingChanged'));
      else message.success(t(`status.done.${action}`, { count: result.changed.length, month: formatMonth(result.effectiveMonth) }));
      onDone();
    }, { onError: showUnderField(form, { reason: 'reason', eventDate: 'eventDate' }) });
  }

  return (
    <ActionDialog
      title={t(titleKeys[action])}
      okText={t(titleKeys[action])}
      danger={action === 'terminate'}
      running={saving.running}
      error={saving.error}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ category: '', eventDate: dayjs() }} onFinish={(values) => void submit(values)}>
        <Form.Item name="category" label={t('status.scope')}>
          <Select
            options={[
              { value: '', label: t('status.allEnrolments', { count: choices.length }) },
              ...choices.map((enrolment) => ({ value: enrolment.category, label: label(categoryNames, enrolment.category) })),
            ]}
          />
        </Form.Item>
        {!resume && (
          <Form.Item name="reason" label={t('status.reason')} rules={[{ required: true, message: t('status.reasonRequired') }]}>
            <Select placeholder={t('status.reasonPlaceholder')} options={options(statusReasons, statusReasonNames)} />
          </Form.Item>
        )}
        <Form.Item
          name="eventDate"
          label={resume ? t('status.resumeDate') : t('status.eventDate')}
          extra={resume ? t('status.resumeDateHelp') : t('status.eventDateHelp')}
          rules={[{ required: true, message: t('status.eventDateRequired') }]}
        >
          <DatePicker format="DD/MM/YYYY" style={{ width: 200 }} disabledDate={(date) => date.isAfter(dayjs(), 'day')} />
        </Form.Item>
        {resume && (
          <Form.Item name="arrearsDue" valuePropName="checked">
            <Checkbox>{t('status.arrearsDue')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="note" label={t('status.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      <Alert
        type={resume ? 'success' : 'warning'}
        showIcon
        title={resume ? t('status.resumeEffect', { month: formatMonth(effective) }) : t('status.effect', { date: formatDate(day), month: formatMonth(effective) })}
        description={resume ? t('status.resumeEffectDetail') : t('status.effectDetail', { month: formatMonth(day) })}
      />
    </ActionDialog>
  );
}
