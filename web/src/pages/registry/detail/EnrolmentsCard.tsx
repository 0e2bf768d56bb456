import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { formatDate, formatMonth } from '../../../format';
import { useI18n, useLabel } from '../../../language';
import { ProgrammeTag, StatusTag } from '../../common/CodeTags';
import { categoryNames, programmeNames, protectedCategory, statusReasonNames } from '../../common/codes';
import type { Enrolment } from '../../common/types';
import { useRegistryTexts } from '../texts';

function StatusDetail({ enrolment }: { enrolment: Enrolment }) {
  const t = useRegistryTexts();
  const label = useLabel();
  return (
    <Flex vertical gap={2}>
      <span>
        <StatusTag status={enrolment.status} />
        {enrolment.statusReason && label(statusReasonNames, enrolment.statusReason)}
      </span>
      {enrolment.statusEffectiveMonth && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('enrolment.effectiveFrom', { month: formatMonth(enrolment.statusEffectiveMonth) })}
          {enrolment.statusEventDate && ` · ${t('enrolment.eventOn', { date: formatDate(enrolment.statusEventDate) })}`}
        </Typography.Text>
      )}
    </Flex>
  );
}

function EnrolmentBlock({ enrolment }: { enrolment: Enrolment }) {
  const t = useRegistryTexts();
  const { t: shell } = useI18n();
  const label = useLabel();
  const hidden = enrolment.category === protectedCategory;
  const detail =
    enrolment.childrenCount !== null
      ? t('enrolment.children', { count: enrolment.childrenCount })
      : enrolment.injuryRate !== null
        ? t('enrolment.injuryRate', { rate: enrolment.injuryRate })
        : null;
  return (
    <div style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 12 }}>
      <Flex gap={8} align="baseline" wrap style={{ marginBottom: 8 }}>
        <ProgrammeTag programme={enrolment.programme} />
        <Typography.Text strong>{label(categoryNames, enrolment.category)}</Typography.Text>
        {!hidden && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {enrolment.category}
          </Typography.Text>
        )}
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'programme', label: t('enrolment.programme'), children: label(programmeNames, enrolment.programme) },
          { key: 'status', label: t('enrolment.status'), children: <StatusDetail enrolment={enrolment} /> },
          { key: 'decision', label: t('enrolment.decision'), children: t('enrolment.decisionValue', { number: enrolment.decisionNumber, date: formatDate(enrolment.decisionDate) }) },
          { key: 'first', label: t('enrolment.firstMonth'), children: formatMonth(enrolment.firstMonth) },
          { key: 'paid', label: t('enrolment.paidThrough'), children: enrolment.paidThroughMonth ? formatMonth(enrolment.paidThroughMonth) : shell('common.none') },
          ...(detail ? [{ key: 'detail', label: t('enrolment.detail'), children: detail }] : []),
          ...(enrolment.suspensions.length > 0
            ? [
                {
                  key: 'suspensions',
                  label: t('enrolment.suspensions'),
                  span: 2,
                  children: (
                    <Flex gap={4} wrap>
                      {enrolment.suspensions.map((period) => (
                        <Tag key={period.from}>
                          {formatMonth(period.from)} → {period.to ? formatMonth(period.to) : t('enrolment.suspendedNow')}
                          {period.arrearsDue ? ` · ${t('enrolment.arrearsDue')}` : ''}
                        </Tag>
                      ))}
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

/** The benefits the person receives: one block per category, with its decision and status. */
export function EnrolmentsCard({ enrolments }: { enrolments: Enrolment[] }) {
  const t = useRegistryTexts();
  return (
    <Card title={t('enrolment.title', { count: enrolments.length })} size="small">
      <Flex vertical gap={12}>
        {enrolments.map((enrolment) => (
          <EnrolmentBlock key={enrolment.id} enrolment={enrolment} />
        ))}
      </Flex>
    </Card>
  );
}
