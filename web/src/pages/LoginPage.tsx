import { CheckCircleFilled, LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Form, Grid, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError, errorMessage } from '../api/client';
import { useAuth } from '../auth';
import { FullPageSpinner } from '../components/FullPageSpinner';
import { LanguageSwitch } from '../components/LanguageSwitch';
import type { LoginRedirectState } from '../components/guards';
import { formatDateTime } from '../format';
import type { MessageKey, TextParams } from '../i18n';
import { useI18n } from '../language';
import { colors } from '../theme';
import { SelfServiceLink } from './selfservice/SelfServiceLink';

interface Credentials {
  username: string;
  password: string;
}

interface LoginProblem {
  message: string;
  hint?: string;
}

type Translate = (key: MessageKey, params?: TextParams) => string;

/**
 * The server's message, plus what the user can do about it: how long to wait after repeated
 * failures from this address, or when a locked account opens again. (The server tells nobody how
 * many attempts remain: that would say which usernames exist.)
 */
function describeFailure(error: unknown, t: Translate): LoginProblem {
  if (!(error instanceof ApiError)) return { message: errorMessage(error) };
  const { retryAfterSeconds, lockedUntil } = error.details;
  if (error.code === 'AUTH_THROTTLED' && typeof retryAfterSeconds === 'number') {
    return { message: error.message, hint: t('login.throttled', { seconds: retryAfterSeconds }) };
  }
  if (error.code === 'AUTH_LOCKED' && typeof lockedUntil === 'string') {
    return { message: error.message, hint: t('login.lockedUntil', { time: formatDateTime(lockedUntil) }) };
  }
  return { message: error.message };
}

function BrandPanel() {
  const { t } = useI18n();
  const points: MessageKey[] = ['login.point1', 'login.point2', 'login.point3'];
  return (
    <Flex vertical justify="center" gap={24} style={{ height: '100%', padding: '48px 56px', background: colors.sider, color: '#fff' }}>
      <div>
        <Typography.Title level={1} style={{ color: '#fff', marginBottom: 8 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.85)', fontSize: 18 }}>{t('app.tagline')}</Typography.Text>
      </div>
      <Flex vertical gap={12}>
        {points.map((key) => (
          <Typography.Text key={key} style={{ color: 'rgba(255,255,255,0.85)', fontSize: 15 }}>
            <CheckCircleFilled style={{ color: colors.accent, marginRight: 10 }} />
            {t(key)}
          </Typography.Text>
        ))}
      </Flex>
    </Flex>
  );
}

function LoginForm() {
  const { t } = useI18n();
  const { state, login } = useAuth();
  const [submitting, setSubmitting] = useState(false);
  const [problem, setProblem] = useState<LoginProblem>();
  const expired = state.status === 'anonymous' && state.expired;

  async function submit(values: Credentials) {
    setSubmitting(true);
    setProblem(undefined);
    try {
      // On success the session changes and LoginPage redirects; this component unmounts.
      await login(values.username.trim(), values.password);
    } catch (error) {
      setProblem(describeFailure(error, t));
      setSubmitting(false);
    }
  }

  return (
    <Card style={{ width: '100%', maxWidth: 400 }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('login.title')}
        </Typography.Title>
        <LanguageSwitch />
      </Flex>
      <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
      {expired && !problem && <Alert type="info" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} />}
      {problem && <Alert type="error" showIcon title={problem.message} description={problem.hint} style={{ marginBottom: 16 }} role="alert" />}
      <Form<Credentials> layout="vertical" requiredMark={false} onFinish={(values) => void submit(values)} disabled={submitting}>
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoCapitalize="none" autoFocus size="large" />
        </Form.Item>
        <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={submitting}>
          {t('login.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 13 }}>
        {t('login.help')}
      </Typography.Paragraph>
    </Card>
  );
}

export default function LoginPage() {
  const { state } = useAuth();
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const location = useLocation();
  if (state.status === 'loading') return <FullPageSpinner label={t('common.loading')} />;
  if (state.status === 'authenticated') {
    // Back to the page that asked for the login (a bookmark, or where the session expired).
    const from = (location.state as LoginRedirectState | null)?.from;
    return <Navigate to={from && !from.startsWith('/login') ? from : '/'} replace />;
  }
  return (
    <Row style={{ minHeight: '100vh', background: '#f0f2f5' }}>
      {screens.md && (
        <Col md={11} lg={12}>
          <BrandPanel />
        </Col>
      )}
      <Col xs={24} md={13} lg={12}>
        <Flex vertical align="center" justify="center" gap={16} style={{ minHeight: '100vh', padding: 16 }}>
          {!screens.md && (
            <div style={{ textAlign: 'center' }}>
              <Typography.Title level={2} style={{ marginBottom: 0 }}>
                {t('app.name')}
              </Typography.Title>
              <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
            </div>
          )}
          <LoginForm />
          <SelfServiceLink />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('app.footer')}
          </Typography.Text>
        </Flex>
      </Col>
    </Row>
  );
}
