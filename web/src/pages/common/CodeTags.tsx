import {
  BankOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  ExclamationCircleOutlined,
  HomeOutlined,
  MobileOutlined,
  ShopOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../language';
import {
  categoryNames,
  channelNames,
  channelShortNames,
  enrolmentStatusNames,
  programmeNames,
  proposalSourceNames,
  proposalStatusNames,
  qualityFlagHints,
  qualityFlagNames,
  reviewKindNames,
  verificationNames,
} from './codes';
import { nameOf as nameOfCode } from './texts';

const statusColors: Record<string, string> = { DANG_HUONG: 'success', TAM_DUNG: 'warning', THOI_HUONG: 'default' };

export function StatusTag({ status }: { status: string }) {
  const { language } = useI18n();
  return <Tag color={statusColors[status] ?? 'default'}>{nameOfCode(enrolmentStatusNames, status, language)}</Tag>;
}

const channelIcons: Record<string, ReactNode> = {
  TK_NGAN_HANG: <BankOutlined />,
  VI_DIEN_TU: <WalletOutlined />,
  MOBILE_MONEY: <MobileOutlined />,
  TIEN_MAT: <ShopOutlined />,
  TAI_NHA: <HomeOutlined />,
};

const channelColors: Record<string, string> = { TK_NGAN_HANG: 'blue', VI_DIEN_TU: 'cyan', MOBILE_MONEY: 'geekblue', TIEN_MAT: 'orange', TAI_NHA: 'gold' };

export function channelIcon(channel: string): ReactNode {
  return channelIcons[channel] ?? null;
}

/** "🏦 Ngân hàng" in tables (full name in the tooltip), or the full name with `full`. */
export function ChannelTag({ channel, full = false }: { channel: string; full?: boolean }) {
  const { language } = useI18n();
  const label = nameOfCode(full ? channelNames : channelShortNames, channel, language);
  return (
    <Tooltip title={full ? undefined : nameOfCode(channelNames, channel, language)}>
      <Tag color={channelColors[channel]} icon={channelIcons[channel]}>
        {label}
      </Tag>
    </Tooltip>
  );
}

export function ProgrammeTag({ programme }: { programme: string }) {
  const { language } = useI18n();
  const colors: Record<string, string> = { TGXH: 'purple', NCC: 'red', HTXH: 'blue' };
  return (
    <Tooltip title={nameOfCode(programmeNames, programme, language)}>
      <Tag color={colors[programme]} variant="outlined">
        {programme}
      </Tag>
    </Tooltip>
  );
}

export function CategoryName({ code }: { code: string }) {
  const { language } = useI18n();
  return <>{nameOfCode(categoryNames, code, language)}</>;
}

export function FlagTag({ flag }: { flag: string }) {
  const { language } = useI18n();
  return (
    <Tooltip title={qualityFlagHints[flag]?.[language]}>
      <Tag color="volcano" icon={<ExclamationCircleOutlined />}>
        {nameOfCode(qualityFlagNames, flag, language)}
      </Tag>
    </Tooltip>
  );
}

const verificationLook: Record<string, { color: string; icon: ReactNode }> = {
  COLLECTED: { color: 'default', icon: <ClockCircleOutlined /> },
  ID_VERIFIED: { color: 'processing', icon: <CheckCircleOutlined /> },
  ACCOUNT_VERIFIED: { color: 'success', icon: <CheckCircleOutlined /> },
  REJECTED: { color: 'error', icon: <CloseCircleOutlined /> },
};

export function VerificationTag({ verification }: { verification: string }) {
  const { language } = useI18n();
  const look = verificationLook[verification] ?? { color: 'default', icon: null };
  return (
    <Tag color={look.color} icon={look.icon}>
      {nameOfCode(verificationNames, verification, language)}
    </Tag>
  );
}

const proposalColors: Record<string, string> = { PENDING: 'processing', APPROVED: 'success', REJECTED: 'error', CANCELLED: 'default' };

export function ProposalStatusTag({ status }: { status: string }) {
  const { language } = useI18n();
  return <Tag color={proposalColors[status] ?? 'default'}>{nameOfCode(proposalStatusNames, status, language)}</Tag>;
}

export function SourceTag({ source }: { source: string }) {
  const { language } = useI18n();
  return <Tag variant="outlined">{nameOfCode(proposalSourceNames, source, language)}</Tag>;
}

const reviewColors: Record<string, string> = { NAME_MISMATCH: 'gold', DOB_MISMATCH: 'gold', DECEASED: 'red', MOVED: 'blue', NOT_FOUND: 'volcano' };

export function ReviewKindTag({ kind }: { kind: string }) {
  const { language } = useI18n();
  return <Tag color={reviewColors[kind] ?? 'default'}>{nameOfCode(reviewKindNames, kind, language)}</Tag>;
}
