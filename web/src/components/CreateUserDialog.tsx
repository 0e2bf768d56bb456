import { App, Form, Input, Select } from 'antd';
import { api } from '../api/client';
import { useSession } from '../auth';
import { useI18n } from '../language';
import { roles, type Role, type UserView } from '../types';
import { filterUnitOption, unitOptions, useCommunes, useProvinces, type UnitOption } from '../units';
import { ActionDialog, showUnderField, useAction } from './ActionDialog';
import { passwordLengthMin } from './PasswordDialog';
import { useUsersTexts } from '../pages/users/texts';
import { isPending, type UserChangeAnswer } from '../pages/users/types';

type Need = 'hidden' | 'optional' | 'required';

/**
 * Which unit each role is attached to (the server enforces the same rules): commune staff to a
 * commune, provincial staff and payment providers to a province, administrators to the country.
 */
const unitNeeds: Record<Role, { province: Need; commune: Need }> = {
  admin: { province: 'hidden', commune: 'hidden' },
  auditor: { province: 'optional', commune: 'optional' },
  province: { province: 'required', commune: 'hidden' },
  officer: { province: 'required', commune: 'required' },
  approver: { province: 'required', commune: 'required' },
  provider: { province: 'required', commune: 'optional' },
};

/** Server error fields (details.field) → form fields, so the message appears under the right input. */
const fieldOfServerField: Record<string, keyof NewUser> = {
  username: 'username',
  password: 'password',
  role: 'role',
  unit: 'provinceCode',
  providerCode: 'providerCode',
};

interface NewUser {
  username: string;
  fullName?: string;
  role: Role;
  provinceCode?: string;
  communeCode?: string;
  providerCode?: string;
  password: string;
}


/** `onCreated`: the user when created at once, nothing when a user who approves waits for a second administrator. */
export function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(user: UserView | null): void }) {
  const { t } = useI18n();
  const usersText = useUsersTexts();
  const { message } = App.useApp();
  const { user: me } = useSession();
  const [form] = Form.useForm<NewUser>();
  const saving = useAction();
  const role = Form.useWatch('role', form);
  const provinceCode = Form.useWatch('provinceCode', form);
  // A provincial manager creates users of their own province only.
  const ownProvince = me.scopeLevel === 'province' ? me.unitCode : null;
  const provinces = useProvinces(open);
  const communes = useCommunes(provinceCode ?? null);
  const need = unitNeeds[role ?? 'officer'];
  const roleChoices = roles.filter((candidate) => candidate !== 'admin' || me.role === 'admin');

  async function submit(values: NewUser) {
    await saving.run(async () => {
      const answer = await api.post<UserChangeAnswer>('/api/v1/users', {
        username: values.username.trim().toLowerCase(),
        password: values.password,
        role: values.role,
        fullName: values.fullName?.trim() || undefined,
        unitCode: values.communeCode ?? values.provinceCode ?? null,
        providerCode: values.role === 'provider' ? values.providerCode?.trim().toUpperCase() : undefined,
      });
      if (isPending(answer)) {
        message.success(usersText('users.proposed', { kind: usersText('changes.kind.create'), username: answer.request.username }));
      } else {
        message.success(t('users.created', { username: answer.username }));
      }
      form.resetFields();
      onCreated(isPending(answer) ? null : answer);
    }, { onError: showUnderField(form, fieldOfServerField) });
  }

  return (
    <ActionDialog open={open} title={t('users.add')} okText={t('common.create')} running={saving.running} error={saving.error} onOk={() => form.submit()} onCancel={onClose}>
      <Form<NewUser>
        form={form}
        layout="vertical"
        // Fields hidden by the role (commune for a provincial officer…) must not be submitted.
        preserve={false}
        initialValues={{ role: 'officer', provinceCode: ownProvince ?? undefined }}
        onFinish={(values) => void submit(values)}
        onValuesChange={(changed: Partial<NewUser>) => {
          // A commune belongs to one province: choosing another province clears it.
          if ('provinceCode' in changed) form.setFieldValue('communeCode', undefined);
        }}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameHelp')}
          rules={[
            { required: true, message: t('users.required') },
            { pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: t('users.usernameInvalid') },
          ]}
        >
          <Input autoComplete="off" autoCapitalize="none" />
        </Form.Item>
        <Form.Item name="fullName" label={t('users.fullName')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.required') }]}>
          <Select options={roleChoices.map((value) => ({ value, label: t(`role.${value}`) }))} />
        </Form.Item>
        {need.province !== 'hidden' && (
          <Form.Item
            name="provinceCode"
            label={t('locality.province')}
            rules={[{ required: need.province === 'required', message: t('users.required') }]}
          >
            <Select<string, UnitOption>
              showSearch={{ filterOption: filterUnitOption }}
              allowClear={!ownProvince}
              disabled={Boolean(ownProvince)}
              loading={provinces.loading}
              options={unitOptions(provinces.data)}
            />
          </Form.Item>
        )}
        {need.commune !== 'hidden' && (
          <Form.Item name="communeCode" label={t('locality.commune')} rules={[{ required: need.commune === 'required', message: t('users.required') }]}>
            <Select<string, UnitOption>
              showSearch={{ filterOption: filterUnitOption }}
              allowClear
              disabled={!provinceCode}
              loading={communes.loading}
              options={unitOptions(communes.data)}
            />
          </Form.Item>
        )}
        {role === 'provider' && (
          <Form.Item
            name="providerCode"
            label={t('users.providerCode')}
            extra={t('users.providerCodeHelp')}
            rules={[{ required: true, whitespace: true, message: t('users.required') }]}
          >
            <Input maxLength={20} style={{ textTransform: 'uppercase' }} />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={t('users.initialPassword')}
          extra={t('users.initialPasswordHelp')}
          rules={[
            { required: true, message: t('password.required') },
            { min: passwordLengthMin, message: t('password.tooShort', { min: passwordLengthMin }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}
