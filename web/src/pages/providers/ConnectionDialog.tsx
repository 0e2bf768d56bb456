import { Alert, App, Checkbox, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useProvidersTexts } from './texts';
import type { EndpointView, ProviderProfile } from './types';

type SigningChoice = 'keep' | 'generate' | 'paste' | 'remove';

interface FormValues {
  kind: EndpointView['kind'];
  baseUrl: string;
  secret?: string;
  bearerToken?: string;
  removeBearerToken?: boolean;
  signing: SigningChoice;
  signingKeyPem?: string;
  statusMode: EndpointView['statusMode'];
  callbackBaseUrl?: string;
  providerPublicKey?: string;
}

/** Which protocols fit which kind of provider (endpoints.service.ts kindsByProvider). */
const kindsByProvider: Record<string, readonly EndpointView['kind'][]> = {
  BANK: ['BANK_H2H', 'G2P'],
  EWALLET: ['G2P'],
  MOBILE_MONEY: ['G2P'],
  POSTAL: ['POSTAL'],
};

/**
 * A provider's connection: protocol, endpoint, credentials (write-only: what is left empty is
 * kept), status mode and callback URL. After a save, the signing key's public half is shown for
 * the provider to register.
 */
export function ConnectionDialog({ profile, onClose, onSaved }: { profile: ProviderProfile; onClose: () => void; onSaved: () => void }) {
  const t = useProvidersTexts();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const signing = Form.useWatch('signing', form);
  const kind = Form.useWatch('kind', form);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<EndpointView>();
  const endpoint = profile.endpoint;
  const providerName = `${profile.shortName} (${profile.providerCode})`;

  async function submit(values: FormValues) {
    setSaving(true);
    setError(undefined);
    try {
      const body = {
        kind: values.kind,
        baseUrl: values.baseUrl.trim(),
        ...(values.secret ? { secret: values.secret } : {}),
        ...(values.removeBearerToken ? { bearerToken: null } : values.bearerToken ? { bearerToken: values.bearerToken.trim() } : {}),
        ...(values.signing === 'generate' ? { generateSigningKey: true } : {}),
        ...(values.signing === 'paste' && values.signingKeyPem ? { signingKeyPem: values.signingKeyPem.trim() } : {}),
        ...(values.signing === 'remove' ? { signingKeyPem: null } : {}),
        ...(values.kind === 'G2P' ? { statusMode: values.statusMode, callbackBaseUrl: values.callbackBaseUrl?.trim() ? values.callbackBaseUrl.trim() : null } : {}),
        // left empty: the registered key stays (removing it is done by the system administrator through the CLI)
        ...(values.kind === 'G2P' && values.providerPublicKey?.trim() ? { providerPublicKey: values.providerPublicKey.trim() } : {}),
      };
      const result = await api.put<EndpointView>(`/api/v1/providers/${encodeURIComponent(profile.providerCode)}/endpoint`, body);
      setSaved(result);
      message.success(t('connection.saved'));
      form.setFieldsValue({ secret: undefined, bearerToken: undefined, removeBearerToken: false, signing: 'keep', signingKeyPem: undefined, providerPublicKey: undefined });
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const publicKey = saved?.signingPublicKey ?? endpoint?.signingPublicKey ?? null;
  const kinds = kindsByProvider[profile.providerKind] ?? ['BANK_H2H', 'G2P', 'POSTAL'];
  return (
    <Modal
      open
      width={720}
      title={t('connection.title', { provider: providerName })}
      okText={t('connection.save')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={error} onClose={() => setError(undefined)} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        data-testid="connection-form"
        initialValues={{
          kind: endpoint?.kind ?? kinds[0],
          baseUrl: endpoint?.baseUrl ?? '',
          signing: 'keep',
          statusMode: endpoint?.statusMode ?? 'ASYNC',
          callbackBaseUrl: endpoint?.callbackBaseUrl ?? '',
        }}
      >
        <Form.Item name="kind" label={t('connection.kind')} rules={[{ required: true, message: t('connection.required') }]}>
          <Select options={kinds.map((value) => ({ value, label: t(`connection.kind.${value}`) }))} />
        </Form.Item>
        <Form.Item name="baseUrl" label={t('connection.baseUrl')} rules={[{ required: true, message: t('connection.required') }]}>
          <Input placeholder="https://" />
        </Form.Item>
        <Form.Item
          name="secret"
          label={t('connection.secret')}
          extra={endpoint ? t('connection.secretKeep', { fingerprint: endpoint.secretFingerprint }) : t('connection.secretNew')}
          rules={endpoint ? [] : [{ required: true, message: t('connection.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {kind === 'G2P' && (
          <>
            <Space align="start" wrap>
              <Form.Item name="bearerToken" label={t('connection.token')} extra={endpoint?.hasBearerToken ? t('connection.tokenKeep') : undefined}>
                <Input.Password autoComplete="new-password" style={{ width: 360 }} />
              </Form.Item>
              {endpoint?.hasBearerToken && (
                <Form.Item name="removeBearerToken" valuePropName="checked" label=" ">
                  <Checkbox>{t('connection.tokenRemove')}</Checkbox>
                </Form.Item>
              )}
            </Space>
            <Form.Item name="signing" label={t('connection.signing')}>
              <Radio.Group
                options={(['keep', 'generate', 'paste', ...(endpoint?.signingPublicKey ? (['remove'] as const) : [])] as const).map((value) => ({ value, label: t(`connection.signing.${value}`) }))}
              />
            </Form.Item>
            {signing === 'paste' && (
              <Form.Item name="signingKeyPem" label={t('connection.signingPem')} rules={[{ required: true, message: t('connection.required') }]}>
                <Input.TextArea rows={4} placeholder="-----BEGIN PRIVATE KEY-----" spellCheck={false} />
              </Form.Item>
            )}
            <Form.Item name="statusMode" label={t('connection.statusMode')}>
              <Select options={(['ASYNC', 'SYNC'] as const).map((value) => ({ value, label: t(`connection.statusMode.${value}`) }))} />
            </Form.Item>
            <Form.Item
              name="callbackBaseUrl"
              label={t('connection.callback')}
              extra={t('connection.callbackHelp', { url: endpoint?.defaultCallbackBaseUrl ?? t('connection.callbackNone') })}
            >
              <Input placeholder="https://" />
            </Form.Item>
            <Form.Item
              name="providerPublicKey"
              label={t('connection.providerKey')}
              extra={endpoint?.providerPublicKey ? t('connection.providerKeyKeep', { key: endpoint.providerPublicKey }) : t('connection.providerKeyHelp')}
            >
              <Input.TextArea rows={2} placeholder="-----BEGIN PUBLIC KEY----- / base64" spellCheck={false} />
            </Form.Item>
          </>
        )}
      </Form>
      {publicKey && (
        <Alert
          type="info"
          data-testid="signing-public-key"
          title={t('connection.publicKey')}
          description={<Typography.Text copyable code>{publicKey}</Typography.Text>}
        />
      )}
    </Modal>
  );
}
