import { App, Form, Input, Select, Typography } from 'antd';
import { api } from '../../api/client';
import { ActionDialog, showUnderField, useAction } from '../../components/ActionDialog';
import { passwordLengthMin } from '../../components/PasswordDialog';
import { useI18n } from '../../language';
import { roles, type Role, type UserView } from '../../types';
import { useUsersTexts } from './texts';
import { isPending, type UserChangeAnswer } from './types';

/** Proposes a temporary password for a user; another administrator approves it (UserChangesCard). */
export function ResetPasswordDialog({ user, onClose, onDone }: { user: UserView; onClose(): void; onDone(): void }) {
  const t = useUsersTexts();
  const { t: common } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string }>();
  const saving = useAction();

  async function submit(values: { newPassword: string }) {
    await saving.run(async () => {
      const answer = await api.post<UserChangeAnswer>(`/api/v1/users/${user.id}/reset-password`, { newPassword: values.newPassword });
      message.success(isPending(answer) ? t('users.proposed', { kind: t('changes.kind.password_reset'), username: user.username }) : common('password.changed'));
      onDone();
    }, { onError: showUnderField(form, { password: 'newPassword', newPassword: 'newPassword' }) });
  }

  return (
    <ActionDialog title={t('users.resetTitle', { username: user.username })} okText={t('users.propose')} running={saving.running} error={saving.error} onOk={() => form.submit()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">{t('users.resetHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item
          name="newPassword"
          label={t('users.temporaryPassword')}
          extra={common('password.rule', { min: passwordLengthMin })}
          rules={[
            { required: true, message: common('password.required') },
            { min: passwordLengthMin, message: common('password.tooShort', { min: passwordLengthMin }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}

/** Proposes another role for a user, in the same unit; another administrator approves it. */
export function ChangeRoleDialog({ user, me, onClose, onDone }: { user: UserView; me: UserView; onClose(): void; onDone(): void }) {
  const t = useUsersTexts();
  const { t: common } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ role: Role }>();
  const saving = useAction();
  const choices = roles.filter((role) => role !== user.role && (role !== 'admin' || me.role === 'admin'));

  async function submit(values: { role: Role }) {
    await saving.run(async () => {
      const answer = await api.post<UserChangeAnswer>(`/api/v1/users/${user.id}/role`, { role: values.role });
      message.success(isPending(answer) ? t('users.proposed', { kind: t('changes.kind.role'), username: user.username }) : t('changes.approved', { username: user.username }));
      onDone();
    }, { onError: showUnderField(form, { role: 'role', unit: 'role' }) });
  }

  return (
    <ActionDialog title={t('users.changeRoleTitle', { username: user.username })} okText={t('users.propose')} running={saving.running} error={saving.error} onOk={() => form.submit()} onCancel={onClose}>
      <Typography.Paragraph type="secondary">{t('users.changeRoleHelp')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item name="role" label={t('users.newRole')} rules={[{ required: true, message: common('users.required') }]}>
          <Select options={choices.map((role) => ({ value: role, label: common(`role.${role}`) }))} />
        </Form.Item>
      </Form>
    </ActionDialog>
  );
}
