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
import { Radio, Tag, Tooltip, type RadioGroupProps, type TagProps } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import type { Bilingual } from '../../i18n';
import { useLabel } from '../../language';
import {
  categoryNames,
  channelNames,
  channels,
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

/**
 * A code the API returns (a status, a channel, a kind…) as a tag with its name in the interface
 * language, the code itself in the tooltip (officers who meet the code in a file or a message can
 * still match it); a code this build does not know shows as itself. Every coloured code tag of the
 * app is one of these.
 */
export function CodeTag({
  code,
  names,
  colors,
  icons,
  variant,
  style,
  testId,
  title,
}: {
  code: string;
  names: Readonly<Record<string, Bilingual>>;
  colors?: Readonly<Record<string, string>>;
  icons?: Readonly<Record<string, ReactNode>>;
  variant?: TagProps['variant'];
  style?: CSSProperties;
  testId?: string;
  /** The tooltip, when it should say more than the code. */
  title?: ReactNode;
}) {
  const label = useLabel();
  const words = label(names, code);
  const tag = (
    <Tag color={colors ? (colors[code] ?? 'default') : undefined} icon={icons?.[code]} variant={variant} style={style} data-testid={testId}>
      {words}
    </Tag>
  );
  const hint = title ?? (words === code ? undefined : code);
  return hint === undefined ? tag : <Tooltip title={hint}>{tag}</Tooltip>;
}

const statusColors: Record<string, string> = { DANG_HUONG: 'success', TAM_DUNG: 'warning', THOI_HUONG: 'default' };

export function StatusTag({ status }: { status: string }) {
  return <CodeTag code={status} names={enrolmentStatusNames} colors={statusColors} />;
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

/** The payment channels as buttons with their icons, for a form field (value and onChange come from the Form.Item). */
export function ChannelChoice(props: Omit<RadioGroupProps, 'options' | 'optionType'>) {
  const label = useLabel();
  return (
    <Radio.Group
      {...props}
      optionType="button"
      options={channels.map((code) => ({
        value: code,
        label: (
          <span>
            {channelIcons[code]} {label(channelNames, code)}
          </span>
        ),
      }))}
    />
  );
}

/** "🏦 Ngân hàng" in tables (full name and code in the tooltip), or the full name with `full`. */
export function ChannelTag({ channel, full = false }: { channel: string; full?: boolean }) {
  const label = useLabel();
  const title = full ? undefined : `${label(channelNames, channel)} (${channel})`;
  return <CodeTag code={channel} names={full ? channelNames : channelShortNames} colors={channelColors} icons={channelIcons} title={title} />;
}

const programmeColors: Record<string, string> = { TGXH: 'purple', NCC: 'red', HTXH: 'blue' };

/** The programme's one name (rules' programmeNames), its code in the tooltip. */
export function ProgrammeTag({ programme }: { programme: string }) {
  return <CodeTag code={programme} names={programmeNames} colors={programmeColors} variant="outlined" />;
}

export function CategoryName({ code }: { code: string }) {
  const label = useLabel();
  return <>{label(categoryNames, code)}</>;
}

export function FlagTag({ flag }: { flag: string }) {
  const label = useLabel();
  return (
    <Tooltip title={Object.hasOwn(qualityFlagHints, flag) ? label(qualityFlagHints, flag) : undefined}>
      <Tag color="volcano" icon={<ExclamationCircleOutlined />}>
        {label(qualityFlagNames, flag)}
      </Tag>
    </Tooltip>
  );
}

const verificationColors: Record<string, string> = { COLLECTED: 'default', ID_VERIFIED: 'processing', ACCOUNT_VERIFIED: 'success', REJECTED: 'error' };
const verificationIcons: Record<string, ReactNode> = {
  COLLECTED: <ClockCircleOutlined />,
  ID_VERIFIED: <CheckCircleOutlined />,
  ACCOUNT_VERIFIED: <CheckCircleOutlined />,
  REJECTED: <CloseCircleOutlined />,
};

export function VerificationTag({ verification }: { verification: string }) {
  return <CodeTag code={verification} names={verificationNames} colors={verificationColors} icons={verificationIcons} />;
}

const proposalColors: Record<string, string> = { PENDING: 'processing', APPROVED: 'success', REJECTED: 'error', CANCELLED: 'default' };

export function ProposalStatusTag({ status }: { status: string }) {
  return <CodeTag code={status} names={proposalStatusNames} colors={proposalColors} />;
}

export function SourceTag({ source }: { source: string }) {
  return <CodeTag code={source} names={proposalSourceNames} variant="outlined" />;
}

const reviewColors: Record<string, string> = { NAME_MISMATCH: 'gold', DOB_MISMATCH: 'gold', DECEASED: 'red', MOVED: 'blue', NOT_FOUND: 'volcano' };

export function ReviewKindTag({ kind }: { kind: string }) {
  return <CodeTag code={kind} names={reviewKindNames} colors={reviewColors} />;
}
