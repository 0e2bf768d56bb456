import { SendOutlined } from '@ant-design/icons';
import { Button, Form, Input, Typography } from 'antd';
import { api } from '../../api/client';
import { useAction } from '../../components/ActionDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { normalizeBirthDate } from './providers';
import { useSelfServiceTexts } from './texts';

export interface Identity {
  personalId: string;
  birthDate: string;
}

/** The server's neutral answer: the same whether or not the ID exists. */
export interface NeutralAnswer {
  ok: boolean;
  message: string;
  messageEn: string;
}

/** What the code is for: registering an account (the default) or looking up the payments. */
export type CodePurpose = 'account' | 'status';

export async function requestCode(identity: Identity, purpose: CodePurpose = 'account'): Promise<NeutralAnswer> {
  return api.post<NeutralAnswer>('/api/public/self-service/code', purpose === 'account' ? identity : { ...identity, purpose });
}

/** "12031950" → "12/03/1950" while typing, so that a phone's number pad is enough. */
function maskDate(value: string): string {
  const digits = value.replace(/\D/g, '').slice(0, 8);
  if (digits.length <= 2) return digits;
  if (digits.length <= 4) return `${digits.slice(0, 2)}/${digits.slice(2)}`;
  return `${digits.slice(0, 2)}/${digits.slice(2, 4)}/${digits.slice(4)}`;
}

/** Step 1: personal ID and date of birth; the answer never says whether the ID is known. */
export function IdentityStep({ initial, purpose = 'account', onSent }: { initial?: Identity; purpose?: CodePurpose; onSent(identity: Identity, answer: NeutralAnswer): void }) {
  const t = useSelfServiceTexts();
  const sending = useAction();

  async function submit(values: Identity) {
    const identity = { personalId: values.personalId.replace(/\s/g, ''), birthDate: normalizeBirthDate(values.birthDate) ?? values.birthDate };
    await sending.run(async () => onSent(identity, await requestCode(identity, purpose)));
  }

  return (
    <>
      <Typography.Paragraph style={{ fontSize: 17 }}>{t('identity.lead')}</Typography.Paragraph>
      <ErrorAlert error={sending.error} />
      <Form<Identity> layout="vertical" size="large" initialValues={initial} onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item
          name="personalId"
          label={t('identity.personalId')}
          normalize={(value: string) => value.replace(/\D/g, '').slice(0, 12)}
          rules={[{ required: true, pattern: /^\d{12}$/, message: t('identity.personalIdInvalid') }]}
        >
          <Input inputMode="numeric" autoComplete="off" placeholder="0xx xxx xxx xxx" style={{ fontSize: 20, letterSpacing: 1 }} />
        </Form.Item>
        <Form.Item
          name="birthDate"
          label={t('identity.birthDate')}
          normalize={maskDate}
          rules={[{ required: true, validator: async (_rule, value: string | undefined) => (value && normalizeBirthDate(value) ? undefined : Promise.reject(new Error(t('identity.birthDateInvalid')))) }]}
        >
          <Input inputMode="numeric" autoComplete="bday" placeholder="dd/mm/yyyy" style={{ fontSize: 20, letterSpacing: 1 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" icon={<SendOutlined />} loading={sending.running} style={{ height: 52, fontSize: 18 }}>
          {t('identity.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 15 }}>
        {t('identity.privacy')}
      </Typography.Paragraph>
    </>
  );
}
