import { CheckOutlined, CloseOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Descriptions, Flex, Form, Input, Radio, Space, Table, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../auth';
import { ActionDialog, showUnderField, useAction } from '../../components/ActionDialog';
import { Money } from '../../components/Money';
import { formatDate, formatDateTime, formatInteger } from '../../format';
import { useI18n, useLabel } from '../../language';
import { labelOf, type Language } from '../../i18n';
import { cashResultNames, itemStatusNames, reasonText } from './labels';
import { useDisbursementTexts } from './texts';
import type { CashCorrection, CorrectionResult } from './types';

/**
 * Correcting a confirmed cash result (issue 22 item 7, docs/cash-corrections.md): an agent proposes
 * the correct result with a reason; another agent of the provider (or an administrator) confirms or
 * rejects it; only then the payment changes.
 */

export interface CorrectableItem {
  endToEndId: string;
  fullName: string;
  representativeName: string | null;
  amount: bigint;
  /** PAID or FAILED (the item's final outcome). */
  status: string;
  reason: string | null;
}

const paidResults: CorrectionResult[] = ['PAID_SELF', 'PAID_REPRESENTATIVE'];
const failedResults: CorrectionResult[] = ['NOT_FOUND', 'REFUSED'];

/** The results a final outcome may be corrected to: a failure becomes a payment, a payment a failure. */
export function correctionTargets(status: string): CorrectionResult[] {
  return status === 'PAID' ? failedResults : status === 'FAILED' ? paidResults : [];
}

/** Whether a final cash result can be corrected here (not a death report: the commune reviews it). */
export function isCorrectable(item: { status: string; reason: string | null }): boolean {
  return correctionTargets(item.status).length > 0 && item.reason !== 'MD07';
}

/** The result as the agent recorded it, in words: "Đã chi", or the reason ("Không gặp người hưởng"). */
function recordedText(outcome: string, reason: string | null, language: Language): string {
  return outcome === 'PAID' ? labelOf(itemStatusNames, 'PAID', language) : reasonText(reason, language);
}

interface ProposalForm {
  result?: CorrectionResult;
  date?: Dayjs;
  receiptNumber?: string;
  reason?: string;
}

/** The proposal of a correction of one item's result. */
export function ProposeCorrectionDialog({ cycleId, item, onClose, onProposed }: { cycleId: number; item: CorrectableItem; onClose(): void; onProposed(): void }) {
  const t = useDisbursementTexts();
  const label = useLabel();
  const { language } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProposalForm>();
  const result = Form.useWatch('result', form);
  const { running, error, run } = useAction();
  const targets = correctionTargets(item.status);
  const paid = result !== undefined && paidResults.includes(result);

  const submit = async () => {
    const values = await form.validateFields();
    await run(
      async () => {
        const answer = await api.post<CashCorrection & { created: boolean }>(`/api/v1/disbursement/cycles/${cycleId}/cash-corrections`, {
          endToEndId: item.endToEndId,
          result: values.result,
          ...(paid ? { date: (values.date ?? dayjs()).format('YYYY-MM-DD'), receiptNumber: values.receiptNumber?.trim() } : {}),
          reason: values.reason?.trim(),
        });
        message.success(answer.created ? t('correct.proposed', { id: answer.id }) : t('correct.same', { id: answer.id }));
        onProposed();
      },
      { onError: showUnderField(form, { receiptNumber: 'receiptNumber', date: 'date', reason: 'reason', result: 'result' }) },
    );
  };

  return (
    <ActionDialog title={t('correct.title', { name: item.fullName })} okText={t('correct.submit')} running={running} error={error} errorTestId="correction-error" width={560} onOk={() => void submit()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">{t('correct.help')}</Typography.Paragraph>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('cash.person')}>
          {item.fullName}
          <Typography.Text type="secondary" style={{ fontFamily: 'monospace', marginInlineStart: 8 }}>
            {item.endToEndId}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('cash.amount')}>
          <Money value={item.amount} />
        </Descriptions.Item>
        <Descriptions.Item label={t('correct.current')}>{recordedText(item.status, item.reason, language)}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" name="cash-correction" initialValues={{ date: dayjs() }} data-testid="correction-form">
        <Form.Item name="result" label={t('correct.new')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" options={targets.map((target) => ({ value: target, label: label(cashResultNames, target) }))} />
        </Form.Item>
        {paid && (
          <Space size={12} wrap align="start">
            <Form.Item name="date" label={t('correct.date')} rules={[{ required: true }]}>
              <DatePicker format="DD/MM/YYYY" allowClear={false} disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item name="receiptNumber" label={t('correct.receipt')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={50} style={{ width: 200 }} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="reason" label={t('correct.reason')} rules={[{ required: true, whitespace: true, min: 5 }]}>
          <Input.TextArea maxLength={500} rows={2} placeholder={t('correct.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}

/** What a correction changes, in words: "Không gặp → Đã chi cho người hưởng (06/07/2024, BN-0107)". */
function Change({ correction }: { correction: CashCorrection }) {
  const label = useLabel();
  const { language } = useI18n();
  const from = recordedText(correction.fromOutcome, correction.fromReasonCode, language);
  return (
    <span>
      <Typography.Text delete type="secondary">{from}</Typography.Text> → <Typography.Text strong>{label(cashResultNames, correction.toResult)}</Typography.Text>
      {correction.toOutcome === 'PAID' && (
        <Typography.Text type="secondary">
          {' '}
          ({formatDate(correction.paidOn)}, {correction.receiptNumber})
        </Typography.Text>
      )}
    </span>
  );
}

/**
 * The corrections of the cycle waiting for a second person, with Confirm and Reject (the proposer
 * may only withdraw theirs). Shown only when there are some.
 */
export function PendingCorrections({ corrections, onDecided }: { corrections: CashCorrection[]; onDecided(): void }) {
  const t = useDisbursementTexts();
  const label = useLabel();
  const { user } = useSession();
  const { message } = App.useApp();
  const [deciding, setDeciding] = useState<{ correction: CashCorrection; decision: 'confirm' | 'reject' }>();
  const [note, setNote] = useState('');
  const { running, error, run } = useAction();

  if (corrections.length === 0) return null;
  const close = () => {
    setDeciding(undefined);
    setNote('');
  };
  const decide = async () => {
    if (!deciding) return;
    const { correction, decision } = deciding;
    await run(async () => {
      await api.post(`/api/v1/disbursement/cycles/${correction.cycleId}/cash-corrections/${correction.id}/${decision}`, note.trim() ? { note: note.trim() } : {});
      message.success(decision === 'confirm' ? t('pending.confirmed', { name: correction.fullName, result: label(cashResultNames, correction.toResult) }) : t('pending.rejected', { id: correction.id }));
      close();
      onDecided();
    });
  };

  const columns: TableColumnsType<CashCorrection> = [
    {
      title: t('cash.person'),
      key: 'person',
      width: 200,
      render: (_value, correction) => (
        <span>
          <Typography.Text strong>{correction.fullName}</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {correction.endToEndId}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('cash.amount'), dataIndex: 'amountVnd', align: 'right', width: 120, render: (value: CashCorrection['amountVnd']) => <Money value={value} /> },
    {
      title: t('pending.change'),
      key: 'change',
      render: (_value, correction) => (
        <span>
          <Change correction={correction} />
          <br />
          <Typography.Text style={{ fontSize: 12 }}>{correction.reason}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('pending.by'),
      key: 'by',
      width: 150,
      render: (_value, correction) => (
        <span style={{ fontSize: 12 }}>
          {correction.proposedBy}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(correction.proposedAt)}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: '',
      key: 'actions',
      width: 200,
      render: (_value, correction) => {
        const own = correction.proposedBy === user.username;
        return (
          <Space size={4} wrap>
            <Tooltip title={own ? t('pending.own') : undefined}>
              <Button size="small" type="primary" icon={<CheckOutlined />} disabled={own} onClick={() => setDeciding({ correction, decision: 'confirm' })} data-testid={`correction-confirm-${correction.id}`}>
                {t('pending.confirm')}
              </Button>
            </Tooltip>
            <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDeciding({ correction, decision: 'reject' })} data-testid={`correction-reject-${correction.id}`}>
              {own ? t('pending.withdraw') : t('pending.reject')}
            </Button>
          </Space>
        );
      },
    },
  ];

  return (
    <Alert
      type="warning"
      style={{ marginBottom: 12 }}
      data-testid="pending-corrections"
      title={<Typography.Text strong>{t('pending.title', { count: formatInteger(corrections.length) })}</Typography.Text>}
      description={
        <>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('pending.help')}
          </Typography.Paragraph>
          <Table<CashCorrection> rowKey="id" size="small" columns={columns} dataSource={corrections} pagination={false} scroll={{ x: 760 }} />
          {deciding && (
            <ActionDialog
              title={t(deciding.decision === 'confirm' ? 'pending.confirmTitle' : 'pending.rejectTitle', { name: deciding.correction.fullName })}
              okText={deciding.decision === 'confirm' ? t('pending.confirm') : deciding.correction.proposedBy === user.username ? t('pending.withdraw') : t('pending.reject')}
              danger={deciding.decision === 'reject'}
              running={running}
              error={error}
              errorTestId="decision-error"
              onOk={() => void decide()}
              onCancel={close}
            >
              <Flex vertical gap={8}>
                <Change correction={deciding.correction} />
                <Typography.Text type="secondary">{deciding.correction.reason}</Typography.Text>
                <Input.TextArea maxLength={500} rows={2} placeholder={t('pending.note')} aria-label={t('pending.note')} value={note} onChange={(event) => setNote(event.target.value)} />
              </Flex>
            </ActionDialog>
          )}
        </>
      }
    />
  );
}

/** The "Sửa kết quả" button of a confirmed item, or the tag of a correction waiting for it. */
export function CorrectButton({ item, waiting, onClick }: { item: CorrectableItem; waiting: boolean; onClick(): void }) {
  const t = useDisbursementTexts();
  if (waiting) return <Typography.Text type="warning" style={{ fontSize: 12 }}>{t('correct.waiting')}</Typography.Text>;
  if (!isCorrectable(item)) return null;
  return (
    <Button size="small" type="link" icon={<EditOutlined />} onClick={onClick} style={{ paddingInline: 0 }} data-testid={`correct-${item.endToEndId}`}>
      {t('correct.action')}
    </Button>
  );
}

