import { Alert, App, Form, Input, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { ActionDialog, showUnderField, useAction } from '../../components/ActionDialog';
import { useLabel } from '../../language';
import { ChannelChoice } from '../common/CodeTags';
import { accountChannels, categoryNames, protectedCategory } from '../common/codes';
import { providerOptions, useProviders } from '../common/providers';
import { foldedSearch } from '../common/select';
import type { AccountProposal, BeneficiaryDetail } from '../common/types';
import { useAccountsTexts } from './texts';

/** The person the proposal is for, when the dialog opens from their record. */
export interface ProposalPerson {
  personalId: string;
  fullName: string;
  categories: string[];
}

interface Values {
  personalId: string;
  category: string;
  channel: string;
  providerCode?: string;
  accountNumber?: string;
  accountHolder?: string;
}

/** The server's `details.field` → the form field it is about. */
const fieldOfError: Record<string, keyof Values> = { provider: 'providerCode', account: 'accountNumber', holder: 'accountHolder', channel: 'channel' };

/** Without a person: the officer types the ID and sees who it is before proposing. */
function PersonLookup({ personalId, onFound }: { personalId: string; onFound(person: ProposalPerson | null): void }) {
  const t = useAccountsTexts();
  const valid = /^\d{12}$/.test(personalId);
  const lookup = useApiData<BeneficiaryDetail>(valid ? `/api/v1/beneficiaries/${personalId}` : null);
  const found = lookup.data?.person.personalId === personalId ? lookup.data : undefined;
  useEffect(() => {
    onFound(found ? { personalId: found.person.personalId, fullName: found.person.fullName, categories: found.enrolments.filter((e) => e.status !== 'THOI_HUONG').map((e) => e.category) } : null);
  }, [found, onFound]);
  if (!valid) return null;
  if (lookup.loading) return <Typography.Text type="secondary">{t('propose.lookingUp')}</Typography.Text>;
  if (lookup.error) return <Typography.Text type="danger">{lookup.error.message}</Typography.Text>;
  if (!found) return null;
  return (
    <Typography.Text type="success">
      {found.person.fullName} — {found.person.communeName ?? found.person.communeCode}
    </Typography.Text>
  );
}

/** Propose a new or changed payment account; it takes effect only after another user approves it. */
export function ProposeAccountDialog({ person: givenPerson, onClose, onDone }: { person?: ProposalPerson; onClose(): void; onDone(): void }) {
  const t = useAccountsTexts();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const saving = useAction();
  const [lookedUp, setLookedUp] = useState<ProposalPerson | null>(null);
  const providers = useProviders();
  const channel = Form.useWatch('channel', form) ?? 'TK_NGAN_HANG';
  const typedId = Form.useWatch('personalId', form) ?? '';
  const person = givenPerson ?? lookedUp;
  const account = accountChannels.includes(channel);
  const visibleCategories = (person?.categories ?? []).filter((code) => code !== protectedCategory);

  async function submit(values: Values) {
    await saving.run(
      async () => {
        const result = await api.post<{ proposalId: number; proposalIds: number[]; verification?: AccountProposal['verification'] }>('/api/v1/accounts/proposals', {
        personalId: (givenPerson?.personalId ?? values.personalId).trim(),
        category: values.category || undefined,
        channel: values.channel,
        providerCode: values.providerCode || undefined,
        accountNumber: account ? values.accountNumber?.trim() : undefined,
        accountHolder: account ? values.accountHolder?.trim() : undefined,
      });
      message.success(t('propose.sent', { ids: result.proposalIds.map((id) => `#${id}`).join(', ') }));
      // The provider already answered the account-name inquiry: warn at once when it looks wrong.
      const inquiry = result.verification;
      if (inquiry?.status && !(inquiry.status === 'ACTIVE' && inquiry.nameMatches)) message.warning(t('propose.inquiryWarning', { name: inquiry.accountName ?? '—' }), 10);
        onDone();
      },
      {
        onError: (error) => {
          if (showUnderField(form, fieldOfError)(error)) return true;
          if (!(error instanceof ApiError && error.code === 'NOT_FOUND' && !givenPerson)) return false;
          form.setFields([{ name: 'personalId', errors: [t('propose.notFound')] }]);
          return true;
        },
      },
    );
  }

  return (
    <ActionDialog
      title={givenPerson ? t('propose.titleFor', { name: givenPerson.fullName }) : t('propose.title')}
      okText={t('propose.submit')}
      running={saving.running}
      error={saving.error}
      onOk={() => form.submit()}
      onCancel={onClose}
      width={560}
    >
      <Alert type="info" showIcon title={t('propose.makerChecker')} style={{ marginBottom: 16 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ personalId: '', category: '', channel: 'TK_NGAN_HANG', accountHolder: givenPerson?.fullName ?? '' }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.channel) form.setFieldsValue({ providerCode: accountChannels.includes(changed.channel) ? undefined : 'VNPOST' });
        }}
      >
        {!givenPerson && (
          <Form.Item
            name="personalId"
            label={t('propose.personalId')}
            rules={[{ required: true, pattern: /^\d{12}$/, message: t('propose.personalIdInvalid') }]}
            extra={<PersonLookup personalId={typedId.trim()} onFound={setLookedUp} />}
          >
            <Input inputMode="numeric" maxLength={12} placeholder="062180001234" />
          </Form.Item>
        )}
        {visibleCategories.length > 1 && (
          <Form.Item name="category" label={t('propose.category')}>
            <Select
              options={[
                { value: '', label: t('propose.allCategories') },
                ...visibleCategories.map((code) => ({ value: code, label: label(categoryNames, code) })),
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="channel" label={t('propose.channel')} rules={[{ required: true }]}>
          <ChannelChoice />
        </Form.Item>
        <Form.Item name="providerCode" label={t('propose.provider')} rules={[{ required: true, message: t('propose.providerRequired') }]}>
          <Select
            placeholder={t('propose.providerPlaceholder')}
            showSearch={foldedSearch}
            loading={providers.loading}
            options={providerOptions(providers.data, channel)}
          />
        </Form.Item>
        {account && (
          <>
            <Form.Item
              name="accountNumber"
              label={channel === 'TK_NGAN_HANG' ? t('propose.accountNumber') : t('propose.walletNumber')}
              extra={channel === 'TK_NGAN_HANG' ? t('propose.accountNumberHelp') : t('propose.walletNumberHelp')}
              rules={[{ required: true, message: t('propose.accountRequired') }]}
            >
              <Input inputMode="numeric" maxLength={30} />
            </Form.Item>
            <Form.Item name="accountHolder" label={t('propose.holder')} extra={t('propose.holderHelp')} rules={[{ required: true, message: t('propose.holderRequired') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
      </Form>
    </ActionDialog>
  );
}
