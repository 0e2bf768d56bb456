import { App, DatePicker, Form, InputNumber, Radio, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../api/client';
import { ActionDialog, useAction } from '../../components/ActionDialog';
import { useI18n } from '../../language';
import { useCampaignTexts } from './texts';
import type { ProgrammeGroup } from './types';

interface Values {
  unitCode: string;
  group: ProgrammeGroup;
  period: Dayjs;
  targetPct: number;
}

const programmeOfGroup: Record<ProgrammeGroup, string | null> = { ALL: null, SOCIAL: 'TGXH', NCC: 'NCC' };

/** A target (share with an account, in %) for the province or one of its communes, by a month. */
export function TargetDialog({
  open,
  units,
  defaultUnit,
  group,
  onClose,
  onSaved,
}: {
  open: boolean;
  units: { code: string; name: string }[];
  defaultUnit: string | undefined;
  group: ProgrammeGroup;
  onClose(): void;
  onSaved(): void;
}) {
  const t = useCampaignTexts();
  const { t: shell } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const action = useAction();

  async function save(values: Values) {
    await action.run(async () => {
      await api.put('/api/v1/campaign/targets', {
        unitCode: values.unitCode,
        programme: programmeOfGroup[values.group],
        period: values.period.format('YYYY-MM'),
        targetPct: values.targetPct,
      });
      message.success(t('target.saved', { pct: values.targetPct, unit: units.find((unit) => unit.code === values.unitCode)?.name ?? values.unitCode }));
      onSaved();
    });
  }

  return (
    <ActionDialog open={open} title={t('target.title')} okText={shell('common.save')} running={action.running} error={action.error} onOk={() => form.submit()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">{t('target.help')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ unitCode: defaultUnit, group, period: dayjs().endOf('year'), targetPct: 40 }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item name="unitCode" label={t('target.unit')} rules={[{ required: true, message: t('target.required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={units.map((unit) => ({ value: unit.code, label: unit.name }))} />
        </Form.Item>
        <Form.Item name="group" label={t('target.programme')}>
          <Radio.Group
            optionType="button"
            options={(['ALL', 'SOCIAL', 'NCC'] as const).map((value) => ({ value, label: t(`group.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="period" label={t('target.period')} rules={[{ required: true, message: t('target.required') }]}>
          <DatePicker picker="month" format="MM/YYYY" allowClear={false} />
        </Form.Item>
        <Form.Item name="targetPct" label={t('target.pct')} rules={[{ required: true, message: t('target.required') }]} style={{ marginBottom: 0 }}>
          <InputNumber<number> min={1} max={100} step={5} suffix="%" style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}
