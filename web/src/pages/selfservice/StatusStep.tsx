import { CheckOutlined, MessageOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, Radio, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { useI18n, useLabel } from '../../language';
import { formatDate, formatMonth } from '../../format';
import { formatVnd, vnd } from '../../money';
import { kindNames } from '../complaints/texts';
import { complaintKinds, type ComplaintKind } from '../complaints/types';
import { requestCode, type Identity } from './IdentityStep';
import { useSelfServiceTexts } from './texts';

/** One month's payment as POST /api/public/self-service/status answers it (src/modules/beneficiary). */
export interface SelfServicePayment {
  month: string;
  cycleId: number;
  amountVnd: number;
  channel: string;
  channelName: string;
  channelNameEn: string;
  status: 'PAID' | 'FAILED' | 'RETURNED' | 'IN_PROGRESS' | 'NOT_SENT';
  statusText: string;
  statusTextEn: string;
  paidAt: string | null;
  cashPlace: string | null;
}

export interface StatusAnswer {
  ok: boolean;
  fromMonth: string;
  payments: SelfServicePayment[];
  collectedFor: { name: string; payments: SelfServicePayment[] }[];
  token: string;
  tokenExpiresAt: string;
}

interface ComplaintAnswer {
  ok: boolean;
  complaintId: number;
  dueDate: string;
  message: string;
  messageEn: string;
}

const statusColors: Record<SelfServicePayment['status'], string> = { PAID: 'green', FAILED: 'red', RETURNED: 'orange', IN_PROGRESS: 'blue', NOT_SENT: 'default' };

/** The payments as cards (read on a phone): month, amount, how, status, where to collect cash. */
function PaymentList({ payments }: { payments: SelfServicePayment[] }) {
  const t = useSelfServiceTexts();
  const { pick } = useI18n();
  if (payments.length === 0) return <Empty description={t('status.none')} />;
  return (
    <Flex vertical gap={10} data-testid="payments">
      {payments.map((payment) => (
        <Card key={`${payment.cycleId}`} size="small" styles={{ body: { padding: 12 } }}>
          <Flex justify="space-between" align="baseline" wrap>
            <Typography.Text strong style={{ fontSize: 18 }}>
              {t('status.month', { month: formatMonth(payment.month) })}
            </Typography.Text>
            <Typography.Text strong style={{ fontSize: 18 }}>
              {formatVnd(vnd(payment.amountVnd))}
            </Typography.Text>
          </Flex>
          <div style={{ fontSize: 16 }}>{pick({ message: payment.channelName, messageEn: payment.channelNameEn })}</div>
          <Tag color={statusColors[payment.status]} style={{ fontSize: 15, marginTop: 4, whiteSpace: 'normal' }}>
            {pick({ message: payment.statusText, messageEn: payment.statusTextEn })}
            {payment.paidAt ? ` — ${formatDate(payment.paidAt)}` : ''}
          </Tag>
          {payment.cashPlace && <div style={{ fontSize: 15, marginTop: 4 }}>{t('status.cashPlace', { place: payment.cashPlace })}</div>}
        </Card>
      ))}
    </Flex>
  );
}

/** After the payments: a complaint or request about them, with the answer's token (no second code). */
function ComplaintForm({ identity, answer, onBack }: { identity: Identity; answer: StatusAnswer; onBack(): void }) {
  const t = useSelfServiceTexts();
  const label = useLabel();
  const { pick } = useI18n();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [filed, setFiled] = useState<ComplaintAnswer>();
  const months = [...answer.payments, ...answer.collectedFor.flatMap((other) => other.payments)];

  async function submit(values: { kind: ComplaintKind; cycleId?: number; text: string }) {
    setSending(true);
    setProblem(undefined);
    try {
      setFiled(await api.post<ComplaintAnswer>('/api/public/self-service/complaint', { ...identity, token: answer.token, kind: values.kind, cycleId: values.cycleId, text: values.text.trim() }));
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  if (filed) {
    return (
      <Alert type="success" showIcon title={pick(filed)} data-testid="complaint-filed" action={<Button onClick={onBack}>{t('status.backToPayments')}</Button>} />
    );
  }
  return (
    <>
      <Typography.Title level={4}>{t('complaint.title')}</Typography.Title>
      {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginBottom: 16 }} />}
      <Form layout="vertical" size="large" requiredMark={false} name="self-service-complaint" onFinish={(values) => void submit(values as { kind: ComplaintKind; cycleId?: number; text: string })}>
        <Form.Item name="kind" label={t('complaint.kind')} rules={[{ required: true, message: t('complaint.required') }]}>
          <Radio.Group style={{ width: '100%' }}>
            <Flex vertical gap={8}>
              {complaintKinds.map((kind) => (
                <Radio key={kind} value={kind} style={{ fontSize: 17 }}>
                  {label(kindNames, kind)}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
        {months.length > 0 && (
          <Form.Item name="cycleId" label={t('complaint.month')}>
            <Select allowClear placeholder={t('complaint.anyMonth')} options={months.map((payment) => ({ value: payment.cycleId, label: formatMonth(payment.month) }))} />
          </Form.Item>
        )}
        <Form.Item name="text" label={t('complaint.text')} rules={[{ required: true, whitespace: true, message: t('complaint.required') }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" icon={<CheckOutlined />} loading={sending} style={{ height: 52, fontSize: 18 }}>
          {t('complaint.submit')}
        </Button>
      </Form>
      <Button type="link" onClick={onBack} style={{ fontSize: 16, marginTop: 8 }}>
        {t('status.backToPayments')}
      </Button>
    </>
  );
}

/**
 * Payment status, step 2: the code from the SMS → the last 12 months of payments (and those the
 * person collects as a representative); from there a complaint or request.
 */
export function StatusStep({ identity, notice, onBack }: { identity: Identity; notice: string; onBack(): void }) {
  const t = useSelfServiceTexts();
  const { message } = App.useApp();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [answer, setAnswer] = useState<StatusAnswer>();
  const [complaining, setComplaining] = useState(false);
  const [form] = Form.useForm<{ code: string }>();

  async function submit(values: { code: string }) {
    setSending(true);
    setProblem(undefined);
    try {
      setAnswer(await api.post<StatusAnswer>('/api/public/self-service/status', { ...identity, code: values.code.trim() }));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CODE_INVALID') form.setFields([{ name: 'code', errors: [errorMessage(error)] }]);
      else setProblem(errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  async function resend() {
    try {
      await requestCode(identity, 'status');
      message.success(t('account.resent'));
    } catch (error) {
      message.error(errorMessage(error));
    }
  }

  if (answer && complaining) return <ComplaintForm identity={identity} answer={answer} onBack={() => setComplaining(false)} />;
  if (answer) {
    return (
      <Flex vertical gap={12}>
        <Typography.Paragraph style={{ fontSize: 16, marginBottom: 0 }}>{t('status.lead', { from: formatMonth(answer.fromMonth) })}</Typography.Paragraph>
        <PaymentList payments={answer.payments} />
        {answer.collectedFor.map((other) => (
          <div key={other.name}>
            <Typography.Title level={5}>{t('status.collectedFor', { name: other.name })}</Typography.Title>
            <PaymentList payments={other.payments} />
          </div>
        ))}
        <Typography.Paragraph type="secondary" style={{ fontSize: 15 }}>
          {t('status.question')}
        </Typography.Paragraph>
        <Button size="large" icon={<MessageOutlined />} onClick={() => setComplaining(true)} data-testid="open-complaint">
          {t('status.complain')}
        </Button>
      </Flex>
    );
  }
  return (
    <>
      <Alert type="success" showIcon title={notice} description={t('account.sentInfo')} style={{ marginBottom: 16, fontSize: 16 }} />
      {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" size="large" requiredMark={false} name="self-service-status" onFinish={(values) => void submit(values)}>
        <Form.Item name="code" label={t('account.code')} normalize={(value: string) => value.replace(/\D/g, '').slice(0, 6)} rules={[{ required: true, pattern: /^\d{6}$/, message: t('account.codeInvalid') }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" style={{ fontSize: 24, letterSpacing: 6, maxWidth: 220 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" icon={<SearchOutlined />} loading={sending} style={{ height: 52, fontSize: 18 }}>
          {t('status.submit')}
        </Button>
      </Form>
      <Flex vertical align="center" gap={4} style={{ marginTop: 16 }}>
        <Button type="link" onClick={() => void resend()} style={{ fontSize: 16 }}>
          {t('account.resend')}
        </Button>
        <Button type="link" onClick={onBack} style={{ fontSize: 16 }}>
          {t('account.back')}
        </Button>
      </Flex>
    </>
  );
}
