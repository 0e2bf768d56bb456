import { CheckOutlined, DollarOutlined, RollbackOutlined, SendOutlined, SwapOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, DatePicker, Descriptions, Form, Input, Popconfirm, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { useSession } from '../../auth';
import { ActionDialog, useAction } from '../../components/ActionDialog';
import { Money } from '../../components/Money';
import { MoneyInput, useVndRules } from '../../components/MoneyInput';
import { formatInteger, formatMonth } from '../../format';
import { formatVnd, parseVnd, parseVndInput } from '../../money';
import { generateCycle } from './GenerateDialog';
import { usePayrollTexts } from './texts';
import { fundedStatuses, type Cycle, type CycleDetail } from './types';

type Dialog = 'submit' | 'withdraw' | 'approve' | 'reject' | 'fund';

/** The facts a checker reads before deciding. */
function CycleFacts({ cycle }: { cycle: Cycle }) {
  const t = usePayrollTexts();
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginBottom: 16 }}
      items={[
        { key: 'month', label: t('list.month'), children: formatMonth(cycle.month) },
        { key: 'unit', label: t('list.locality'), children: cycle.unitName ?? cycle.communeCode ?? cycle.provinceCode },
        { key: 'lines', label: t('cycle.lines'), children: formatInteger(cycle.lineCount) },
        { key: 'total', label: t('cycle.total'), children: <Money value={cycle.totalVnd} strong /> },
        ...(cycle.submittedBy ? [{ key: 'by', label: t('list.preparedBy'), children: cycle.submittedBy }] : []),
      ]}
    />
  );
}

/** One state change of the cycle: a dialog whose form posts to `${cycle path}/${action}`. */
interface StepProps {
  cycle: CycleDetail;
  warningsCount: number;
  onClose(): void;
  onDone(updated: Cycle, success: string): void;
}

function useStep(cycle: Cycle, onDone: StepProps['onDone']) {
  const action = useAction();
  const post = (step: Dialog, body: unknown, success: string) =>
    action.run(async () => onDone(await api.post<Cycle>(`/api/v1/payroll/cycles/${cycle.id}/${step}`, body), success));
  return { ...action, post };
}

const trimmed = (text: string | undefined) => text?.trim() || undefined;

function CommentField({ label, required, message, rows = 2 }: { label: string; required?: boolean; message?: string; rows?: number }) {
  return (
    <Form.Item name="comment" label={label} rules={required ? [{ required: true, whitespace: true, message }] : []} style={{ marginBottom: 0 }}>
      <Input.TextArea rows={rows} maxLength={1000} />
    </Form.Item>
  );
}

function SubmitDialog({ cycle, onClose, onDone }: StepProps) {
  const t = usePayrollTexts();
  const [form] = Form.useForm<{ comment?: string }>();
  const step = useStep(cycle, onDone);
  return (
    <ActionDialog title={t('action.submitTitle')} okText={t('action.submit')} running={step.running} error={step.error} errorTestId="action-error" onOk={() => form.submit()} onCancel={onClose}>
      <Typography.Paragraph>{t('action.submitHelp')}</Typography.Paragraph>
      <CycleFacts cycle={cycle} />
      <Form form={form} layout="vertical" onFinish={(values) => void step.post('submit', { comment: trimmed(values.comment) }, t('action.submitted'))}>
        <CommentField label={t('action.comment')} />
      </Form>
    </ActionDialog>
  );
}

/** The approver confirms having seen the warnings (when there are any) before approving. */
function ApproveDialog({ cycle, warningsCount, onClose, onDone }: StepProps) {
  const t = usePayrollTexts();
  const [form] = Form.useForm<{ comment?: string; warningsSeen?: boolean }>();
  const step = useStep(cycle, onDone);
  return (
    <ActionDialog title={t('action.approveTitle')} okText={t('action.approve')} running={step.running} error={step.error} errorTestId="action-error" onOk={() => form.submit()} onCancel={onClose}>
      <CycleFacts cycle={cycle} />
      <Form form={form} layout="vertical" onFinish={(values) => void step.post('approve', { comment: trimmed(values.comment) }, t('action.approved'))}>
        {warningsCount > 0 && (
          <Form.Item
            name="warningsSeen"
            valuePropName="checked"
            rules={[{ validator: (_rule, value) => (value ? Promise.resolve() : Promise.reject(new Error(t('action.approveWarningsRequired')))) }]}
          >
            <Checkbox>{t('action.approveWarnings', { count: formatInteger(warningsCount) })}</Checkbox>
          </Form.Item>
        )}
        <CommentField label={t('action.comment')} />
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
        {t('action.makerChecker')}
      </Typography.Paragraph>
    </ActionDialog>
  );
}

function RejectDialog({ cycle, onClose, onDone }: StepProps) {
  const t = usePayrollTexts();
  const [form] = Form.useForm<{ comment: string }>();
  const step = useStep(cycle, onDone);
  return (
    <ActionDialog title={t('action.rejectTitle')} okText={t('action.reject')} danger running={step.running} error={step.error} errorTestId="action-error" onOk={() => form.submit()} onCancel={onClose}>
      <CycleFacts cycle={cycle} />
      <Form form={form} layout="vertical" onFinish={(values) => void step.post('reject', { comment: values.comment.trim() }, t('action.rejected'))}>
        <CommentField label={t('action.rejectReason')} required message={t('action.rejectReasonRequired')} rows={3} />
      </Form>
    </ActionDialog>
  );
}

/** The maker takes the submitted list back to draft before it is approved (the server checks it is theirs). */
function WithdrawDialog({ cycle, onClose, onDone }: StepProps) {
  const t = usePayrollTexts();
  const [form] = Form.useForm<{ comment?: string }>();
  const step = useStep(cycle, onDone);
  return (
    <ActionDialog title={t('action.withdrawTitle')} okText={t('action.withdraw')} running={step.running} error={step.error} errorTestId="action-error" onOk={() => form.submit()} onCancel={onClose}>
      <Typography.Paragraph>{t('action.withdrawHelp')}</Typography.Paragraph>
      <CycleFacts cycle={cycle} />
      <Form form={form} layout="vertical" onFinish={(values) => void step.post('withdraw', { comment: trimmed(values.comment) }, t('action.withdrawn'))}>
        <CommentField label={t('action.comment')} />
      </Form>
    </ActionDialog>
  );
}

interface FundValues {
  reference: string;
  amountVnd: string;
  date: Dayjs;
}

/**
 * The Treasury transfer as on its document. The amount is typed from the document, never prefilled
 * with the list total (a prefilled total would be confirmed without reading the document); an
 * amount that differs is shown as a warning with the difference (the server refuses it and says why).
 */
function FundDialog({ cycle, onClose, onDone }: StepProps) {
  const t = usePayrollTexts();
  const [form] = Form.useForm<FundValues>();
  const step = useStep(cycle, onDone);
  const amountRules = useVndRules({ requiredMessage: t('generate.required') });
  const total = parseVnd(cycle.totalVnd);
  const typed = parseVndInput(Form.useWatch('amountVnd', form));
  const difference = typed.ok ? typed.value - total : 0n;
  return (
    <ActionDialog title={t('action.fundTitle')} okText={t('action.fund')} running={step.running} error={step.error} errorTestId="action-error" onOk={() => form.submit()} onCancel={onClose}>
      <Typography.Paragraph>{t('action.fundHelp', { total: formatVnd(total) })}</Typography.Paragraph>
      <Form<FundValues>
        form={form}
        layout="vertical"
        initialValues={{ date: dayjs() }}
        onFinish={(values) => {
          const amount = parseVndInput(values.amountVnd);
          if (!amount.ok) return;
          void step.post('fund', { reference: values.reference.trim(), amountVnd: amount.value.toString(), date: values.date.format('YYYY-MM-DD') }, t('action.funded'));
        }}
      >
        <Form.Item name="reference" label={t('action.fundReference')} rules={[{ required: true, whitespace: true, message: t('action.fundReferenceRequired') }]}>
          <Input maxLength={100} placeholder="KB-…" />
        </Form.Item>
        <Form.Item
          name="amountVnd"
          label={t('action.fundAmount')}
          rules={amountRules}
          validateStatus={difference !== 0n ? 'warning' : undefined}
          help={difference !== 0n ? t('action.fundAmountDiffers', { total: formatVnd(total), difference: formatVnd(difference < 0n ? -difference : difference) }) : undefined}
        >
          <MoneyInput />
        </Form.Item>
        <Form.Item name="date" label={t('action.fundDate')} rules={[{ required: true, message: t('generate.required') }]} style={{ marginBottom: 0 }}>
          <DatePicker format="DD/MM/YYYY" allowClear={false} />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}

const dialogs: Record<Dialog, (props: StepProps) => ReactNode> = { submit: SubmitDialog, withdraw: WithdrawDialog, approve: ApproveDialog, reject: RejectDialog, fund: FundDialog };

/**
 * What the user may do with the cycle now, by role and status: the maker regenerates and submits,
 * the checker approves or returns (never their own submission: the server refuses and says why),
 * the Treasury transfer is recorded with its reference, then payment starts in Disbursement.
 */
export function CycleActions({ cycle, warningsCount, onChanged }: { cycle: CycleDetail; warningsCount: number; onChanged(cycle: Cycle): void }) {
  const t = usePayrollTexts();
  const { message } = App.useApp();
  const { can, user } = useSession();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [regenerating, setRegenerating] = useState(false);

  async function regenerate() {
    setRegenerating(true);
    try {
      const { cycle: updated } = await generateCycle(
        { month: cycle.month, unitCode: cycle.communeCode ?? cycle.provinceCode, programme: cycle.programme, monthsCount: cycle.monthsCount, regenerate: true },
        cycle,
      );
      message.success(t('action.regenerated', { lines: formatInteger(updated.lineCount), total: formatVnd(updated.totalVnd) }));
      onChanged(updated);
    } catch (failure) {
      message.error(errorMessage(failure));
    } finally {
      setRegenerating(false);
    }
  }

  const open = (next: Dialog, label: string, icon: ReactNode, options: { primary?: boolean; danger?: boolean; disabled?: boolean } = {}) => (
    <Button key={next} data-testid={`action-${next}`} type={options.primary ? 'primary' : 'default'} danger={options.danger} disabled={options.disabled} icon={icon} onClick={() => setDialog(next)}>
      {label}
    </Button>
  );

  const buttons: ReactNode[] = [];
  if (cycle.status === 'DRAFT' && can('payroll.prepare')) {
    buttons.push(
      <Popconfirm key="regenerate" title={t('action.regenerateConfirm')} onConfirm={() => void regenerate()} okText={t('action.regenerate')}>
        <Button icon={<SyncOutlined />} loading={regenerating} data-testid="action-regenerate">
          {t('action.regenerate')}
        </Button>
      </Popconfirm>,
      open('submit', t('action.submit'), <SendOutlined />, { primary: true, disabled: cycle.lineCount === 0 }),
    );
  }
  // The maker takes their own submitted list back before it is approved.
  if (cycle.status === 'SUBMITTED' && can('payroll.prepare') && cycle.submittedBy === user.username) buttons.push(open('withdraw', t('action.withdraw'), <RollbackOutlined />));
  // A checker returns a submitted list, or an approved one not yet funded.
  if ((cycle.status === 'SUBMITTED' || cycle.status === 'APPROVED') && can('payroll.approve')) buttons.push(open('reject', t('action.reject'), <RollbackOutlined />, { danger: true }));
  if (cycle.status === 'SUBMITTED' && can('payroll.approve')) buttons.push(open('approve', t('action.approve'), <CheckOutlined />, { primary: true }));
  if (cycle.status === 'APPROVED' && can('payroll.fund')) buttons.push(open('fund', t('action.fund'), <DollarOutlined />, { primary: true }));
  const paying = fundedStatuses.includes(cycle.status);
  if (paying && (can('disbursement.send') || can('disbursement.confirmCash') || can('reconciliation.ingest'))) {
    buttons.push(
      <Button key="disburse" data-testid="action-disburse" type={cycle.status === 'FUNDED' ? 'primary' : 'default'} icon={<SwapOutlined />} onClick={() => navigate(`/disbursement?cycle=${cycle.id}`)}>
        {t('cycle.toDisbursement')}
      </Button>,
    );
  }

  const Step = dialog ? dialogs[dialog] : null;
  return (
    <>
      {buttons}
      {Step && (
        <Step
          cycle={cycle}
          warningsCount={warningsCount}
          onClose={() => setDialog(null)}
          onDone={(updated, success) => {
            message.success(success);
            setDialog(null);
            onChanged(updated);
          }}
        />
      )}
    </>
  );
}
