import { ArrowDownOutlined, ArrowRightOutlined, CheckCircleOutlined, CheckOutlined, CloseCircleOutlined, CloseOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Grid, Row, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../auth';
import { formatDateTime } from '../../format';
import { useLabel } from '../../language';
import { ChannelTag, ProposalStatusTag, SourceTag, VerificationTag } from '../common/CodeTags';
import { categoryNames, holderKindNames, isFullPersonalId } from '../common/codes';
import { providerLabel } from '../common/providers';
import type { AccountProposal, Provider } from '../common/types';
import type { Decision } from './DecisionDialog';
import { useAccountsTexts, type AccountsTextKey } from './texts';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } as const;

interface AccountView {
  channel: string | null;
  providerCode: string | null;
  accountNumber: string | null;
  accountHolder: string | null;
}

function AccountBox({ title, account, compare, providers, highlight }: { title: string; account: AccountView; compare?: AccountView; providers: ReadonlyMap<string, Provider>; highlight?: boolean }) {
  const t = useAccountsTexts();
  const changed = (key: keyof AccountView) => compare !== undefined && (compare[key] ?? null) !== (account[key] ?? null);
  const mark = (key: keyof AccountView) => (changed(key) ? { background: '#fffbe6', padding: '0 4px', borderRadius: 4 } : undefined);
  return (
    <div style={{ border: `1px solid ${highlight ? '#91caff' : '#f0f0f0'}`, background: highlight ? '#f5faff' : '#fafafa', borderRadius: 6, padding: 12, height: '100%' }}>
      <Typography.Text type="secondary" style={{ fontSize: 12, textTransform: 'uppercase', letterSpacing: 0.5 }}>
        {title}
      </Typography.Text>
      {account.channel === null ? (
        <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
          {t('queue.noCurrent')}
        </Typography.Paragraph>
      ) : (
        <Flex vertical gap={4} style={{ marginTop: 6 }}>
          <span style={mark('channel')}>
            <ChannelTag channel={account.channel} full />
          </span>
          <Typography.Text style={mark('providerCode')}>{providerLabel(providers, account.providerCode)}</Typography.Text>
          {account.accountNumber && (
            <Typography.Text strong style={{ ...mono, fontSize: 16, ...mark('accountNumber') }}>
              {account.accountNumber}
            </Typography.Text>
          )}
          {account.accountHolder && <Typography.Text style={mark('accountHolder')}>{account.accountHolder}</Typography.Text>}
        </Flex>
      )}
    </div>
  );
}

const inquiryLook: Record<string, { color: string; icon: ReactNode; label: AccountsTextKey }> = {
  ACTIVE: { color: 'success', icon: <CheckCircleOutlined />, label: 'inquiry.active' },
  CLOSED: { color: 'error', icon: <CloseCircleOutlined />, label: 'inquiry.closed' },
  BLOCKED: { color: 'error', icon: <CloseCircleOutlined />, label: 'inquiry.blocked' },
  UNKNOWN: { color: 'error', icon: <CloseCircleOutlined />, label: 'inquiry.unknown' },
};

/** The account-name inquiry made when the account was proposed: does it exist, and under whose name? */
function Verification({ proposal }: { proposal: AccountProposal }) {
  const t = useAccountsTexts();
  const verification = proposal.verification;
  if (!verification?.status) return <Typography.Text type="secondary">{t('queue.notVerified')}</Typography.Text>;
  const look = inquiryLook[verification.status];
  // Older runs stored the instrument's verification state (COLLECTED, ACCOUNT_VERIFIED…) instead.
  if (!look) return <VerificationTag verification={verification.status} />;
  const mismatch = verification.status === 'ACTIVE' && verification.nameMatches === false;
  return (
    <span>
      <Tag color={mismatch ? 'warning' : look.color} icon={mismatch ? <WarningOutlined /> : look.icon}>
        {t(mismatch ? 'inquiry.nameMismatch' : look.label)}
      </Tag>
      {verification.accountName && <Typography.Text type={mismatch ? 'warning' : 'secondary'}>{t('queue.bankName', { name: verification.accountName })}</Typography.Text>}
    </span>
  );
}

/** One proposal: the account in use and the proposed one side by side, who proposed it, and the decision. */
export function ProposalCard({ proposal, providers, onDecide }: { proposal: AccountProposal; providers: ReadonlyMap<string, Provider>; onDecide(decision: Decision): void }) {
  const t = useAccountsTexts();
  const label = useLabel();
  const { can, user } = useSession();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const old: AccountView = { channel: proposal.oldChannel, providerCode: proposal.oldProviderCode, accountNumber: proposal.oldAccountNumber, accountHolder: proposal.oldAccountHolder };
  const next: AccountView = { channel: proposal.channel, providerCode: proposal.providerCode, accountNumber: proposal.accountNumber, accountHolder: proposal.accountHolder };
  const pending = proposal.status === 'PENDING';
  const mine = proposal.proposedBy === user.username;

  return (
    <Card
      size="small"
      data-testid={`proposal-${proposal.id}`}
      title={
        <Flex gap={8} align="baseline" wrap>
          {isFullPersonalId(proposal.personalId) ? (
            <Button type="link" style={{ padding: 0, fontWeight: 600 }} onClick={() => navigate(`/registry?id=${proposal.personalId}`)}>
              {proposal.fullName}
            </Button>
          ) : (
            <Typography.Text strong>{proposal.fullName}</Typography.Text>
          )}
          <Typography.Text type="secondary" style={mono}>
            {proposal.personalId}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }} ellipsis>
            {label(categoryNames, proposal.category)}
          </Typography.Text>
        </Flex>
      }
      extra={
        <Flex gap={4}>
          <Typography.Text type="secondary">#{proposal.id}</Typography.Text>
          <ProposalStatusTag status={proposal.status} />
        </Flex>
      }
    >
      <Row gutter={[12, 8]} align="stretch">
        <Col xs={24} md={11}>
          <AccountBox title={t('queue.current')} account={old} providers={providers} />
        </Col>
        <Col xs={24} md={2} style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', fontSize: 20, color: '#1a5fb4' }}>
          {screens.md ? <ArrowRightOutlined /> : <ArrowDownOutlined />}
        </Col>
        <Col xs={24} md={11}>
          <AccountBox title={t('queue.proposed')} account={next} compare={old.channel ? old : undefined} providers={providers} highlight />
        </Col>
      </Row>
      <Flex justify="space-between" align="center" gap={12} wrap style={{ marginTop: 12 }}>
        <Flex vertical gap={4}>
          <span>
            <Typography.Text type="secondary">{t('queue.proposedBy', { user: proposal.proposedBy, time: formatDateTime(proposal.proposedAt) })} </Typography.Text>
            <SourceTag source={proposal.source} />
            <Tag>{label(holderKindNames, proposal.holderKind)}</Tag>
          </span>
          <span>
            <Typography.Text type="secondary">{t('queue.verification')}: </Typography.Text>
            <Verification proposal={proposal} />
          </span>
          {proposal.decidedBy && (
            <Typography.Text type={proposal.status === 'REJECTED' ? 'danger' : 'secondary'}>
              {t('queue.decidedBy', { user: proposal.decidedBy, time: formatDateTime(proposal.decidedAt) })}
              {proposal.decisionReason && ` — ${proposal.decisionReason}`}
            </Typography.Text>
          )}
        </Flex>
        {pending && can('accounts.approve') && (
          <Flex gap={8} align="center" wrap>
            {mine && <Typography.Text type="warning">{t('queue.ownProposal')}</Typography.Text>}
            <Button danger icon={<CloseOutlined />} onClick={() => onDecide('reject')}>
              {t('queue.reject')}
            </Button>
            <Button type="primary" icon={<CheckOutlined />} onClick={() => onDecide('approve')}>
              {t('queue.approve')}
            </Button>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
