import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { api } from '../api/client';
import { useAuth, useSession } from '../auth';
import { useI18n } from '../language';
import { showUnderField, useAction } from './ActionDialog';
import { ErrorAlert } from './ErrorAlert';

/** Mirrors limits.passwordLengthMin on the server; the server's policy check is the one that counts. */
export const passwordLengthMin = 12;

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * Change my password. `forced`: the account still has a temporary password (new user, or reset by
 * an administrator); the dialog cannot be dismissed, only completed or left by logging out.
 */
export function PasswordDialog({ open, forced, onClose }: { open: boolean; forced: boolean; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { refresh, logout } = useAuth();
  const { user } = useSession();
  const [form] = Form.useForm<PasswordForm>();
  const saving = useAction();

  async function submit(values: PasswordForm) {
    await saving.run(async () => {
      await api.post('/api/v1/auth/password', { currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('password.changed'));
      form.resetFields();
      onClose();
      if (forced) await refresh();
    }, { onError: showUnderField(form, { currentPassword: 'currentPassword', password: 'newPassword' }) });
  }

  const footer = [
    forced ? (
      <Button key="logout" onClick={() => void logout()}>
        {t('header.logout')}
      </Button>
    ) : (
      <Button key="cancel" onClick={onClose}>
        {t('common.cancel')}
      </Button>
    ),
    <Button key="save" type="primary" loading={saving.running} onClick={() => form.submit()}>
      {t('common.save')}
    </Button>,
  ];

  return (
    <Modal
      open={open}
      title={t('password.title')}
      closable={!forced}
      keyboard={!forced}
      mask={{ closable: !forced }}
      onCancel={onClose}
      footer={footer}
      destroyOnHidden
    >
      {forced && <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={saving.error} />
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        {/* Lets password managers pair the new password with the right account. */}
        <input type="text" name="username" autoComplete="username" value={user.username} readOnly hidden />
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.rule', { min: passwordLengthMin })}
          rules={[
            { required: true, message: t('password.required') },
            { min: passwordLengthMin, message: t('password.tooShort', { min: passwordLengthMin }) },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.required') },
            ({ getFieldValue }) => ({
              validator: (_rule, value: string | undefined) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
