import { Card, Flex, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { formatDate } from '../../../format';
import { useLabel } from '../../../language';
import { FlagTag } from '../../common/CodeTags';
import { qualityFlagHints, representativeKindNames } from '../../common/codes';
import type { BeneficiaryDetail, Representative } from '../../common/types';
import { useRegistryTexts } from '../texts';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' } as const;

function RepresentativeBlock({ representative }: { representative: Representative }) {
  const t = useRegistryTexts();
  const label = useLabel();
  const expired = representative.validUntil !== null && dayjs(representative.validUntil).isBefore(dayjs(), 'day');
  return (
    <div style={{ opacity: representative.active ? 1 : 0.6 }}>
      <Flex gap={6} wrap align="center">
        <Tag color={representative.kind === 'GIAM_HO' ? 'purple' : 'blue'}>{label(representativeKindNames, representative.kind)}</Tag>
        <Typography.Text strong>{representative.fullName}</Typography.Text>
        {!representative.active && <Tag>{t('representative.ended')}</Tag>}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
        <span style={mono}>{representative.personalId}</span>
        {representative.relationship && ` · ${representative.relationship}`}
      </Typography.Text>
      {representative.validUntil && (
        <Typography.Text type={expired ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {t(expired ? 'representative.expired' : 'representative.validUntil', { date: formatDate(representative.validUntil) })}
        </Typography.Text>
      )}
    </div>
  );
}

/** Guardians and authorised persons who receive the money for the beneficiary. */
export function RepresentativesCard({ representatives }: { representatives: Representative[] }) {
  const t = useRegistryTexts();
  return (
    <Card title={t('representative.title')} size="small">
      {representatives.length === 0 ? (
        <Typography.Text type="secondary">{t('representative.none')}</Typography.Text>
      ) : (
        <Flex vertical gap={12}>
          {representatives.map((representative) => (
            <RepresentativeBlock key={representative.id} representative={representative} />
          ))}
        </Flex>
      )}
    </Card>
  );
}

/** "Phường A, Xã B" / "…1234 (23293)" from a flag's details. */
function flagDetail(details: Record<string, unknown>): string {
  const parts: string[] = [];
  if (Array.isArray(details.otherCommunes) && details.otherCommunes.length > 0) parts.push(details.otherCommunes.join(', '));
  if (Array.isArray(details.others)) {
    for (const other of details.others as { personalIdTail?: string; communeCode?: string }[]) {
      parts.push(`…${other.personalIdTail ?? ''}${other.communeCode ? ` (${other.communeCode})` : ''}`);
    }
  }
  return parts.join('; ');
}

/** Data-quality warnings on this person, with what each means. */
export function FlagsCard({ flags }: { flags: BeneficiaryDetail['flags'] }) {
  const t = useRegistryTexts();
  const label = useLabel();
  if (flags.length === 0) return null;
  return (
    <Card title={t('flags.title')} size="small" styles={{ header: { background: '#fff7e6' } }}>
      <Flex vertical gap={10}>
        {flags.map((flag) => {
          const detail = flagDetail(flag.details);
          return (
            <div key={flag.flag}>
              <FlagTag flag={flag.flag} />
              <Typography.Paragraph style={{ margin: '4px 0 0', fontSize: 13 }}>{label(qualityFlagHints, flag.flag)}</Typography.Paragraph>
              {detail && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('flags.related', { list: detail })}
                </Typography.Text>
              )}
            </div>
          );
        })}
      </Flex>
    </Card>
  );
}
