import { ClockCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Card, Collapse, Flex, Tag, Typography, type TableColumnsType } from 'antd';
import { DataTable } from '../../../components/DataTable';
import { formatDate, formatDateTime } from '../../../format';
import { useLabel } from '../../../language';
import { ChannelTag, SourceTag, VerificationTag } from '../../common/CodeTags';
import { categoryNames, holderKindNames } from '../../common/codes';
import { providerLabel, useProviders } from '../../common/providers';
import type { Enrolment, Instrument, PendingProposal } from '../../common/types';
import { useRegistryTexts } from '../texts';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } as const;

function AccountLine({ channel, providerCode, providerName, accountNumber, accountHolder }: { channel: string; providerCode: string; providerName?: string | null; accountNumber: string | null; accountHolder: string | null }) {
  return (
    <Flex gap={8} wrap align="center">
      <ChannelTag channel={channel} full />
      <Typography.Text>{providerName ?? providerCode}</Typography.Text>
      {accountNumber && <Typography.Text style={mono}>{accountNumber}</Typography.Text>}
      {accountHolder && <Typography.Text type="secondary">{accountHolder}</Typography.Text>}
    </Flex>
  );
}

function ActiveInstrument({ instrument, enrolment }: { instrument: Instrument; enrolment?: Enrolment }) {
  const t = useRegistryTexts();
  const label = useLabel();
  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 12 }}>
      {enrolment && (
        <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginBottom: 4 }}>
          {t('payment.forEnrolment', { category: label(categoryNames, enrolment.category) })}
        </Typography.Text>
      )}
      <AccountLine {...instrument} />
      <Flex gap={8} wrap align="center" style={{ marginTop: 6 }}>
        <Tag>{label(holderKindNames, instrument.holderKind)}</Tag>
        <VerificationTag verification={instrument.verification} />
        {instrument.verifiedAt && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('payment.verifiedAt', { time: formatDateTime(instrument.verifiedAt) })}
          </Typography.Text>
        )}
        {instrument.needsReverification && (
          <Tag color="warning" icon={<WarningOutlined />}>
            {t('payment.needsReverification')}
          </Tag>
        )}
      </Flex>
      {instrument.verificationNote && (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {instrument.verificationNote}
        </Typography.Text>
      )}
    </div>
  );
}

function PendingList({ proposals }: { proposals: PendingProposal[] }) {
  const t = useRegistryTexts();
  const { byCode } = useProviders();
  return (
    <Alert
      type="info"
      showIcon
      icon={<ClockCircleOutlined />}
      title={t('payment.pendingTitle', { count: proposals.length })}
      description={
        <Flex vertical gap={8}>
          {proposals.map((proposal) => (
            <div key={proposal.id}>
              <AccountLine {...proposal} providerName={providerLabel(byCode, proposal.providerCode)} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                #{proposal.id} · {t('payment.proposedBy', { user: proposal.proposedBy, time: formatDateTime(proposal.proposedAt) })} · <SourceTag source={proposal.source} />
              </Typography.Text>
            </div>
          ))}
        </Flex>
      }
    />
  );
}

function PastInstruments({ instruments }: { instruments: Instrument[] }) {
  const t = useRegistryTexts();
  const columns: TableColumnsType<Instrument> = [
    { title: t('payment.channel'), dataIndex: 'channel', render: (channel: string) => <ChannelTag channel={channel} /> },
    { title: t('payment.provider'), key: 'provider', render: (_value, item) => item.providerName ?? item.providerCode },
    { title: t('payment.account'), dataIndex: 'accountNumber', render: (value: string | null) => (value ? <span style={mono}>{value}</span> : '—') },
    { title: t('payment.holder'), dataIndex: 'accountHolder', render: (value: string | null) => value ?? '—' },
    { title: t('payment.period'), key: 'period', render: (_value, item) => `${formatDate(item.createdAt)} → ${item.supersededAt ? formatDate(item.supersededAt) : ''}` },
    { title: t('payment.verification'), dataIndex: 'verification', render: (value: string) => <VerificationTag verification={value} /> },
  ];
  return <DataTable<Instrument> rowKey="id" size="small" columns={columns} dataSource={instruments} minWidth={640} />;
}

/** Where the money goes: the active instrument per enrolment, changes awaiting approval, and the past ones. */
export function PaymentCard({ instruments, activeInstruments, pendingProposals, enrolments }: { instruments: Instrument[]; activeInstruments: Instrument[]; pendingProposals: PendingProposal[]; enrolments: Enrolment[] }) {
  const t = useRegistryTexts();
  const past = instruments.filter((instrument) => !instrument.active);
  const enrolmentById = new Map(enrolments.map((enrolment) => [enrolment.id, enrolment]));
  return (
    <Card title={t('payment.title')} size="small">
      <Flex vertical gap={12}>
        {activeInstruments.length === 0 && <Typography.Text type="secondary">{t('payment.none')}</Typography.Text>}
        {activeInstruments.map((instrument) => (
          <ActiveInstrument key={instrument.id} instrument={instrument} enrolment={enrolments.length > 1 ? enrolmentById.get(instrument.enrolmentId) : undefined} />
        ))}
        {pendingProposals.length > 0 && <PendingList proposals={pendingProposals} />}
        {past.length > 0 && <Collapse size="small" items={[{ key: 'past', label: t('payment.history', { count: past.length }), children: <PastInstruments instruments={past} /> }]} />}
      </Flex>
    </Card>
  );
}
