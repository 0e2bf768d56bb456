import { Alert, App, Checkbox, DatePicker, Form, Radio, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError } from '../../api/client';
import { ActionDialog, useAction } from '../../components/ActionDialog';
import { formatInteger, formatMonth } from '../../format';
import { useI18n, useLabel } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import { formatVnd } from '../../money';
import { programmeNames } from './labels';
import { usePayrollTexts } from './texts';
import type { Cycle, GenerateRequest, GenerateResponse, Programme } from './types';
import { programmes } from './types';

interface FormValues {
  month: Dayjs;
  programme: Programme | 'ALL';
  twoMonths: boolean;
}

function sameKey(cycle: Cycle, request: GenerateRequest): boolean {
  const communeCode = request.unitCode.length === 5 ? request.unitCode : null;
  return (
    cycle.month === request.month &&
    (communeCode ? cycle.communeCode === communeCode : cycle.communeCode === null && cycle.provinceCode === request.unitCode) &&
    (cycle.programme ?? null) === (request.programme ?? null)
  );
}

/**
 * Generates a cycle, or returns the existing one. Generation is idempotent on the server, so when
 * the answer is lost (network, a server error after the commit) the cycle is looked up instead of
 * reporting a failure for work that was done.
 */
export async function generateCycle(request: GenerateRequest, previous?: Cycle): Promise<{ cycle: Cycle; response: GenerateResponse | null }> {
  try {
    const response = await api.post<GenerateResponse>('/api/v1/payroll/cycles', request);
    return { cycle: response, response };
  } catch (error) {
    if (error instanceof ApiError && error.status > 0 && error.status < 500) throw error;
    const cycles = await api.get<Cycle[]>('/api/v1/payroll/cycles', { month: request.month }).catch(() => [] as Cycle[]);
    const found = cycles.find((cycle) => sameKey(cycle, request));
    // A regeneration counts as done only when the draft's version moved on.
    if (found && (!request.regenerate || !previous || found.version > previous.version)) return { cycle: found, response: null };
    throw error;
  }
}

/** "Lập danh sách": month (next month by default), the header's locality, programme, two months for Tết. */
export function GenerateDialog({ open, onClose, onGenerated }: { open: boolean; onClose(): void; onGenerated(cycle: Cycle): void }) {
  const t = usePayrollTexts();
  const { t: shell } = useI18n();
  const label = useLabel();
  const { message } = App.useApp();
  const { locality, unitCode } = useLocality();
  const [form] = Form.useForm<FormValues>();
  const action = useAction();
  const month = Form.useWatch('month', form);

  async function submit(values: FormValues) {
    if (!unitCode) return;
    const request: GenerateRequest = {
      month: values.month.format('YYYY-MM'),
      unitCode,
      programme: values.programme === 'ALL' ? null : values.programme,
      monthsCount: values.twoMonths ? 2 : 1,
    };
    await action.run(async () => {
      const { cycle, response } = await generateCycle(request);
      const monthText = formatMonth(cycle.month);
      if (response?.existing) message.info(t('generate.existing', { month: monthText }));
      else message.success(t('generate.created', { month: monthText, lines: formatInteger(cycle.lineCount), total: formatVnd(cycle.totalVnd) }));
      if (response?.generated?.alreadyPaid) message.info(t('generate.alreadyPaid', { count: formatInteger(response.generated.alreadyPaid) }));
      if (response?.generated?.rateMissing) message.warning(t('generate.rateMissing', { count: formatInteger(response.generated.rateMissing) }));
      form.resetFields();
      onGenerated(cycle);
    });
  }

  return (
    <ActionDialog
      open={open}
      title={t('generate.title')}
      okText={t('generate.submit')}
      okDisabled={!unitCode}
      running={action.running}
      error={action.error}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {!unitCode && <Alert type="warning" showIcon title={t('generate.localityMissing')} style={{ marginBottom: 16 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ month: dayjs().add(1, 'month').startOf('month'), programme: 'ALL', twoMonths: false }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item label={t('generate.locality')} extra={t('generate.localityHelp')}>
          <Typography.Text strong data-testid="generate-locality">
            {localityLabel(locality, shell('common.national'))}
          </Typography.Text>
        </Form.Item>
        <Form.Item
          name="month"
          label={t('generate.month')}
          rules={[{ required: true, message: t('generate.required') }]}
          extra={month ? t('generate.monthHelp', { month: formatMonth(month) }) : undefined}
        >
          <DatePicker picker="month" format="MM/YYYY" allowClear={false} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="programme" label={t('generate.programme')}>
          <Radio.Group
            optionType="button"
            options={[{ value: 'ALL', label: t('generate.allProgrammes') }, ...programmes.map((code) => ({ value: code, label: label(programmeNames, code) }))]}
          />
        </Form.Item>
        <Form.Item name="twoMonths" valuePropName="checked" extra={t('generate.twoMonthsHelp')} style={{ marginBottom: 0 }}>
          <Checkbox>{t('generate.twoMonths')}</Checkbox>
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}
