import { LoginOutlined } from '@ant-design/icons';
import { Button, Card, ConfigProvider, Flex, Result, Segmented, Steps, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useI18n } from '../../language';
import { colors } from '../../theme';
import { AccountStep, type ProposalAnswer } from './AccountStep';
import { IdentityStep, type Identity } from './IdentityStep';
import { StatusStep } from './StatusStep';
import { useSelfServiceTexts } from './texts';

type State =
  | { step: 'identity'; identity?: Identity }
  | { step: 'account'; identity: Identity; notice: string }
  | { step: 'status'; identity: Identity; notice: string }
  | { step: 'done'; answer: ProposalAnswer };

/** What the visitor came for: register an account, or see their payments (and complain about them). */
export type SelfServiceMode = 'account' | 'status';

const stepIndex = { identity: 0, account: 1, status: 1, done: 2 } as const;

/** Larger text and controls for elderly users on phones. */
const largeTheme = { token: { fontSize: 17, controlHeightLG: 50, fontSizeLG: 18 } };

/**
 * Public page (no login), mobile first, with the personal ID, date of birth and a code sent by SMS:
 * a beneficiary or their representative proposes a payment account (the proposal waits for the
 * commune's approval like any other), or sees the last 12 months of payments ("Tra cứu chi trả")
 * and sends a complaint or request about them.
 */
export default function SelfServicePage({ initialMode = 'account' }: { initialMode?: SelfServiceMode }) {
  const t = useSelfServiceTexts();
  const { pick } = useI18n();
  const [mode, setMode] = useState<SelfServiceMode>(initialMode);
  const [state, setState] = useState<State>({ step: 'identity' });

  return (
    <ConfigProvider theme={largeTheme}>
      <div style={{ minHeight: '100vh', background: '#f0f2f5' }}>
        <Flex justify="space-between" align="center" style={{ background: colors.sider, padding: '12px 16px' }}>
          <Typography.Text strong style={{ color: '#fff', fontSize: 18 }}>
            ASXH Pay
          </Typography.Text>
          <LanguageSwitch />
        </Flex>
        <Flex vertical align="center" style={{ padding: '16px 12px 32px' }}>
          <div style={{ width: '100%', maxWidth: 520 }}>
            <Segmented<SelfServiceMode>
              block
              size="large"
              value={mode}
              onChange={(value) => {
                setMode(value);
                setState({ step: 'identity' });
              }}
              options={[
                { value: 'account', label: t('mode.account') },
                { value: 'status', label: t('mode.status') },
              ]}
              style={{ marginBottom: 16 }}
              data-testid="self-service-mode"
            />
            <Typography.Title level={2} style={{ fontSize: 26, marginBottom: 8 }}>
              {mode === 'account' ? t('page.title') : t('status.title')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ fontSize: 16 }}>
              {mode === 'account' ? t('page.intro') : t('status.intro')}
            </Typography.Paragraph>
            <Steps
              size="small"
              orientation="horizontal"
              responsive={false}
              current={stepIndex[state.step]}
              items={
                mode === 'account'
                  ? [{ title: t('step.identity') }, { title: t('step.account') }, { title: t('step.done') }]
                  : [{ title: t('step.identity') }, { title: t('status.step.payments') }]
              }
              style={{ marginBottom: 16 }}
            />
            <Card styles={{ body: { padding: 20 } }}>
              {state.step === 'identity' && (
                <IdentityStep
                  key={mode}
                  initial={state.identity}
                  purpose={mode}
                  onSent={(identity, answer) => setState({ step: mode === 'account' ? 'account' : 'status', identity, notice: pick(answer) })}
                />
              )}
              {state.step === 'status' && <StatusStep identity={state.identity} notice={state.notice} onBack={() => setState({ step: 'identity', identity: state.identity })} />}
              {state.step === 'account' && (
                <AccountStep
                  identity={state.identity}
                  notice={state.notice}
                  onBack={() => setState({ step: 'identity', identity: state.identity })}
                  onDone={(answer) => setState({ step: 'done', answer })}
                />
              )}
              {state.step === 'done' && (
                <Result
                  status="success"
                  title={t('done.title')}
                  subTitle={
                    <Flex vertical gap={8} style={{ fontSize: 16, color: 'rgba(0,0,0,0.75)' }}>
                      <span>{pick(state.answer)}</span>
                      <strong>{t('done.reference', { id: state.answer.proposalId })}</strong>
                      <span>{t('done.next')}</span>
                    </Flex>
                  }
                  extra={
                    <Button type="primary" size="large" onClick={() => setState({ step: 'identity' })}>
                      {t('done.again')}
                    </Button>
                  }
                />
              )}
            </Card>
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 15 }}>
              {t('page.help')}
            </Typography.Paragraph>
            <Link to="/login">
              <LoginOutlined /> {t('page.login')}
            </Link>
          </div>
        </Flex>
      </div>
    </ConfigProvider>
  );
}
