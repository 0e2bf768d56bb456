import { CheckOutlined, DollarOutlined, RollbackOutlined, SendOutlined, SwapOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Popconfirm, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { useSession } from '../../auth';
import { formatInteger, formatMoney, formatMonth } from '../../format';
import { useI18n } from '../../language';
import { generateCycle } from './GenerateDialog';
import { usePayrollTexts } from './texts';
import type { Cycle, CycleDetail } from './types';

type Dialog = 'submit' | 'approve' | 'reject' | 'fund' | null;

/** A form that does not validate shows its messages under the fields; nothing else to do. */
const invalid = () => undefined;

const digitsGrouped = (value: string | number | undefined) => String(value ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const digitsOnly = (value: string | undefined) => Number((value ?? '').replace(/\D/g, '') || 0);

/** A dialog for one state change: its own error line, so the server's refusal is read where it happened. */
function ActionModal({
  open,
  title,
  okText,
  danger,
  saving,
  error,
  onOk,
  onCancel,
  children,
}: {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  saving: boolean;
  error: string | undefined;
  onOk(): void;
  onCancel(): void;
  children: ReactNode;
}) {
  const { t: shell } = useI18n();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger }}
      cancelText={shell('common.cancel')}
      confirmLoading={saving}
      onOk={onOk}
      onCancel={onCancel}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />}
      {children}
    </Modal>
  );
}

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
        { key: 'total', label: t('cycle.total'), children: <Typography.Text strong>{formatMoney(cycle.totalVnd)}</Typography.Text> },
        ...(cycle.submittedBy ? [{ key: 'by', label: t('list.preparedBy'), children: cycle.submittedBy }] : []),
      ]}
    />
  );
}

/**
 * What the user may do with the cycle now, by role and status: the maker regenerates and submits,
 * the checker approves or returns (never their own submission: the server refuses and says why),
 * the Treasury transfer is recorded with its reference, then payment starts in Disbursement.
 */
export function CycleActions({ cycle, warningsCount, onChanged }: { cycle: CycleDetail; warningsCount: number; onChanged(cycle: Cycle): void }) {
  const t = usePayrollTexts();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [regenerating, setRegenerating] = useState(false);
  const [commentForm] = Form.useForm<{ comment?: string; warningsSeen?: boolean }>();
  const [fundForm] = Form.useForm<{ reference: string; amountVnd: number; date: Dayjs }>();
  const fundAmount = Form.useWatch('amountVnd', fundForm);

  function openDialog(next: Dialog) {
    setError(undefined);
    setDialog(next);
  }

  async function run(action: () => Promise<Cycle>, success: string) {
    setSaving(true);
    setError(undefined);
    try {
      const updated = await action();
      message.success(success);
      setDialog(null);
      onChanged(updated);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setSaving(false);
    }
  }

  async function regenerate() {
    setRegenerating(true);
    try {
      const { cycle: updated } = await generateCycle(
        { month: cycle.month, unitCode: cycle.communeCode ?? cycle.provinceCode, programme: cycle.programme, monthsCount: cycle.monthsCount, regenerate: true },
        cycle,
      );
      message.success(t('action.regenerated', { lines: formatInteger(updated.lineCount), total: formatMoney(updated.totalVnd) }));
      onChanged(updated);
    } catch (failure) {
      message.error(errorMessage(failure));
    } finally {
      setRegenerating(false);
    }
  }

  const path = `/api/v1/payroll/cycles/${cycle.id}`;
  const buttons: ReactNode[] = [];
  if (cycle.status === 'DRAFT' && can('payroll.prepare')) {
    buttons.push(
      <Popconfirm key="regenerate" title={t('action.regenerateConfirm')} onConfirm={() => void regenerate()} okText={t('action.regenerate')}>
        <Button icon={<SyncOutlined />} loading={regenerating} data-testid="action-regenerate">
          {t('action.regenerate')}
        </Button>
      </Popconfirm>,
      <Button key="submit" data-testid="action-submit" type="primary" icon={<SendOutlined />} onClick={() => openDialog('submit')} disabled={cycle.lineCount === 0}>
        {t('action.submit')}
      </Button>,
    );
  }
  if (cycle.status === 'SUBMITTED' && can('payroll.approve')) {
    buttons.push(
      <Button key="reject" data-testid="action-reject" danger icon={<RollbackOutlined />} onClick={() => openDialog('reject')}>
        {t('action.reject')}
      </Button>,
      <Button key="approve" data-testid="action-approve" type="primary" icon={<CheckOutlined />} onClick={() => openDialog('approve')}>
        {t('action.approve')}
      </Button>,
    );
  }
  if (cycle.status === 'APPROVED' && can('payroll.approve')) {
    buttons.push(
      <Button key="reject" data-testid="action-reject" danger icon={<RollbackOutlined />} onClick={() => openDialog('reject')}>
        {t('action.reject')}
      </Button>,
    );
  }
  if (cycle.status === 'APPROVED' && can('payroll.fund')) {
    buttons.push(
      <Button
        key="fund"
        data-testid="action-fund"
        type="primary"
        icon={<DollarOutlined />}
        onClick={() => openDialog('fund')}
      >
        {t('action.fund')}
      </Button>,
    );
  }
  const paying = ['FUNDED', 'DISBURSING', 'RECONCILED', 'CLOSED'].includes(cycle.status);
  if (paying && (can('disbursement.send') || can('disbursement.confirmCash') || can('reconciliation.ingest'))) {
    buttons.push(
      <Button key="disburse" data-testid="action-disburse" type={cycle.status === 'FUNDED' ? 'primary' : 'default'} icon={<SwapOutlined />} onClick={() => navigate(`/disbursement?cycle=${cycle.id}`)}>
        {t('cycle.toDisbursement')}
      </Button>,
    );
  }

  return (
    <>
      {buttons}
      <ActionModal
        open={dialog === 'submit'}
        title={t('action.submitTitle')}
        okText={t('action.submit')}
        saving={saving}
        error={error}
        onCancel={() => setDialog(null)}
        onOk={() => {
          const comment = commentForm.getFieldValue('comment') as string | undefined;
          void run(() => api.post<Cycle>(`${path}/submit`, { comment: comment?.trim() || undefined }), t('action.submitted'));
        }}
      >
        <Typography.Paragraph>{t('action.submitHelp')}</Typography.Paragraph>
        <CycleFacts cycle={cycle} />
        <Form form={commentForm} layout="vertical" preserve={false}>
          <Form.Item name="comment" label={t('action.comment')} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
      </ActionModal>
      <ActionModal
        open={dialog === 'approve'}
        title={t('action.approveTitle')}
        okText={t('action.approve')}
        saving={saving}
        error={error}
        onCancel={() => setDialog(null)}
        onOk={() => {
          void commentForm
            .validateFields()
            .then((values) => run(() => api.post<Cycle>(`${path}/approve`, { comment: values.comment?.trim() || undefined }), t('action.approved')), invalid);
        }}
      >
        <CycleFacts cycle={cycle} />
        <Form form={commentForm} layout="vertical" preserve={false}>
          {warningsCount > 0 && (
            <Form.Item
              name="warningsSeen"
              valuePropName="checked"
              rules={[{ validator: (_rule, value) => (value ? Promise.resolve() : Promise.reject(new Error(t('action.approveWarningsRequired')))) }]}
            >
              <Checkbox>{t('action.approveWarnings', { count: formatInteger(warningsCount) })}</Checkbox>
            </Form.Item>
          )}
          <Form.Item name="comment" label={t('action.comment')} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
          {t('action.makerChecker')}
        </Typography.Paragraph>
      </ActionModal>
      <ActionModal
        open={dialog === 'reject'}
        title={t('action.rejectTitle')}
        okText={t('action.reject')}
        danger
        saving={saving}
        error={error}
        onCancel={() => setDialog(null)}
        onOk={() => {
          void commentForm
            .validateFields()
            .then((values) => run(() => api.post<Cycle>(`${path}/reject`, { comment: values.comment!.trim() }), t('action.rejected')), invalid);
        }}
      >
        <CycleFacts cycle={cycle} />
        <Form form={commentForm} layout="vertical" preserve={false}>
          <Form.Item name="comment" label={t('action.rejectReason')} rules={[{ required: true, whitespace: true, message: t('action.rejectReasonRequired') }]} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
        </Form>
      </ActionModal>
      <ActionModal
        open={dialog === 'fund'}
        title={t('action.fundTitle')}
        okText={t('action.fund')}
        saving={saving}
        error={error}
        onCancel={() => setDialog(null)}
        onOk={() => {
          void fundForm.validateFields().then(
            (values) =>
              run(
                () => api.post<Cycle>(`${path}/fund`, { reference: values.reference.trim(), amountVnd: values.amountVnd, date: values.date.format('YYYY-MM-DD') }),
                t('action.funded'),
              ),
            invalid,
          );
        }}
      >
        <Typography.Paragraph>{t('action.fundHelp', { total: formatMoney(cycle.totalVnd) })}</Typography.Paragraph>
        <Form form={fundForm} layout="vertical" preserve={false} initialValues={{ amountVnd: cycle.totalVnd, date: dayjs() }}>
          <Form.Item name="reference" label={t('action.fundReference')} rules={[{ required: true, whitespace: true, message: t('action.fundReferenceRequired') }]}>
            <Input maxLength={100} placeholder="KB-…" />
          </Form.Item>
          <Form.Item
            name="amountVnd"
            label={t('action.fundAmount')}
            rules={[{ required: true, message: t('generate.required') }]}
            validateStatus={fundAmount !== undefined && fundAmount !== cycle.totalVnd ? 'warning' : undefined}
            help={
              fundAmount !== undefined && fundAmount !== cycle.totalVnd
                ? t('action.fundAmountDiffers', { total: formatMoney(cycle.totalVnd), difference: formatMoney(Math.abs((fundAmount ?? 0) - cycle.totalVnd)) })
                : undefined
            }
          >
            <InputNumber<number> min={0} step={1000} style={{ width: '100%' }} formatter={digitsGrouped} parser={digitsOnly} suffix="₫" />
          </Form.Item>
          <Form.Item name="date" label={t('action.fundDate')} rules={[{ required: true, message: t('generate.required') }]} style={{ marginBottom: 0 }}>
            <DatePicker format="DD/MM/YYYY" allowClear={false} />
          </Form.Item>
        </Form>
      </ActionModal>
    </>
  );
}
