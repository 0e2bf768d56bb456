import { BankOutlined, CheckOutlined, MobileOutlined, ShopOutlined, WalletOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, Radio, Select } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, ApiError, errorMessage } from '../../api/client';
import { requestCode, type Identity } from './IdentityStep';
import { cashProvider, isVietnameseMobile, publicBanks, publicMobileMoney, publicWallets, type PublicProvider } from './providers';
import { useSelfServiceTexts, type SelfServiceTextKey } from './texts';

export interface ProposalAnswer {
  ok: boolean;
  proposalId: number;
  message: string;
  messageEn: string;
}

interface Values {
  code: string;
  channel: string;
  provider?: string;
  bankCode?: string;
  accountNumber?: string;
  accountHolder?: string;
}

const otherBank = 'OTHER';

const channelChoices: { value: string; icon: ReactNode; label: SelfServiceTextKey }[] = [
  { value: 'TK_NGAN_HANG', icon: <BankOutlined />, label: 'channel.bank' },
  { value: 'VI_DIEN_TU', icon: <WalletOutlined />, label: 'channel.wallet' },
  { value: 'MOBILE_MONEY', icon: <MobileOutlined />, label: 'channel.mobileMoney' },
  { value: 'TIEN_MAT', icon: <ShopOutlined />, label: 'channel.cash' },
];

const providersOf: Record<string, readonly PublicProvider[]> = { TK_NGAN_HANG: publicBanks, VI_DIEN_TU: publicWallets, MOBILE_MONEY: publicMobileMoney };
/** The server's `details.field` → the field of this form. */
const fieldOfError: Record<string, keyof Values> = { provider: 'provider', account: 'accountNumber', holder: 'accountHolder', channel: 'channel' };

/** Step 2: the code from the SMS and the new account. Checked here first, so a typo does not waste the code. */
export function AccountStep({ identity, notice, onDone, onBack }: { identity: Identity; notice: string; onDone(answer: ProposalAnswer): void; onBack(): void }) {
  const t = useSelfServiceTexts();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const channel = Form.useWatch('channel', form) ?? 'TK_NGAN_HANG';
  const provider = Form.useWatch('provider', form);
  const bank = channel === 'TK_NGAN_HANG';
  const cash = channel === 'TIEN_MAT';

  async function submit(values: Values) {
    setSending(true);
    setProblem(undefined);
    const providerCode = cash ? cashProvider : values.provider === otherBank ? values.bankCode?.trim() : values.provider;
    try {
      const answer = await api.post<ProposalAnswer>('/api/public/self-service/proposal', {
        ...identity,
        code: values.code.trim(),
        channel: values.channel,
        providerCode,
        accountNumber: cash ? undefined : values.accountNumber?.replace(/[\s.-]/g, ''),
        accountHolder: cash ? undefined : values.accountHolder?.trim(),
      });
      onDone(answer);
    } catch (error) {
      const code = error instanceof ApiError ? error.code : '';
      const field = error instanceof ApiError && typeof error.details.field === 'string' ? fieldOfError[error.details.field] : undefined;
      // The server spends the code before it checks the account: after any other refusal a new code is needed.
      const spent = !['CODE_INVALID', 'RATE_LIMITED', 'NETWORK'].includes(code);
      if (code === 'CODE_INVALID') form.setFields([{ name: 'code', errors: [errorMessage(error)] }]);
      else if (field) form.setFields([{ name: field === 'provider' && values.provider === otherBank ? 'bankCode' : field, errors: [errorMessage(error)] }]);
      if (code === 'CODE_INVALID') setProblem(undefined);
      else if (field) setProblem(spent ? t('account.codeUsed') : undefined);
      else setProblem(spent ? `${errorMessage(error)} ${t('account.codeUsed')}` : errorMessage(error));
    } finally {
      setSending(false);
    }
  }

  async function resend() {
    try {
      await requestCode(identity);
      message.success(t('account.resent'));
    } catch (error) {
      message.error(errorMessage(error));
    }
  }

  return (
    <>
      <Alert type="success" showIcon title={notice} description={t('account.sentInfo')} style={{ marginBottom: 16, fontSize: 16 }} data-testid="self-service-notice" />
      {problem && <Alert type="error" showIcon title={problem} role="alert" style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        requiredMark={false}
        initialValues={{ channel: 'TK_NGAN_HANG' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.channel) form.setFieldsValue({ provider: undefined, bankCode: undefined });
        }}
      >
        <Form.Item name="code" label={t('account.code')} normalize={(value: string) => value.replace(/\D/g, '').slice(0, 6)} rules={[{ required: true, pattern: /^\d{6}$/, message: t('account.codeInvalid') }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" style={{ fontSize: 24, letterSpacing: 6, maxWidth: 220 }} />
        </Form.Item>
        <Form.Item name="channel" label={t('account.channel')}>
          <Radio.Group style={{ width: '100%' }}>
            <Flex vertical gap={8}>
              {channelChoices.map((choice) => (
                <Radio key={choice.value} value={choice.value} style={{ border: '1px solid #d9d9d9', borderRadius: 8, padding: '10px 12px', fontSize: 17, width: '100%', background: channel === choice.value ? '#e6f4ff' : '#fff' }}>
                  <span style={{ marginRight: 8 }}>{choice.icon}</span>
                  {t(choice.label)}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
        {cash ? (
          <Alert type="info" showIcon title={t('account.cashNote')} style={{ marginBottom: 16 }} />
        ) : (
          <>
            <Form.Item name="provider" label={bank ? t('account.bank') : channel === 'VI_DIEN_TU' ? t('account.wallet') : t('account.mobileMoney')} rules={[{ required: true, message: t('account.providerRequired') }]}>
              <Select
                placeholder={t('account.choose')}
                options={[
                  ...(providersOf[channel] ?? []).map((item) => ({ value: item.code, label: item.name })),
                  ...(bank ? [{ value: otherBank, label: t('account.otherBank') }] : []),
                ]}
              />
            </Form.Item>
            {bank && provider === otherBank && (
              <Form.Item name="bankCode" label={t('account.bankCode')} rules={[{ required: true, pattern: /^\d{6}$/, message: t('account.bankCodeInvalid') }]}>
                <Input inputMode="numeric" maxLength={6} />
              </Form.Item>
            )}
            <Form.Item
              name="accountNumber"
              label={bank ? t('account.accountNumber') : t('account.walletPhone')}
              rules={[
                {
                  required: true,
                  validator: async (_rule, value: string | undefined) => {
                    const text = (value ?? '').replace(/[\s.-]/g, '');
                    if (bank ? /^\d{6,19}$/.test(text) : isVietnameseMobile(text)) return;
                    throw new Error(bank ? t('account.accountNumberInvalid') : t('account.walletPhoneInvalid'));
                  },
                },
              ]}
            >
              <Input inputMode="numeric" autoComplete="off" style={{ fontSize: 20, letterSpacing: 1 }} />
            </Form.Item>
            <Form.Item name="accountHolder" label={t('account.holder')} extra={t('account.holderHelp')} rules={[{ required: true, whitespace: true, message: t('account.holderRequired') }]}>
              <Input autoComplete="name" style={{ textTransform: 'uppercase' }} />
            </Form.Item>
          </>
        )}
        <Button type="primary" htmlType="submit" block size="large" icon={<CheckOutlined />} loading={sending} style={{ height: 52, fontSize: 18 }}>
          {t('account.submit')}
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
