import { Card, Collapse, Divider, Flex, Typography } from 'antd';
import { formatMonth } from '../../../format';
import { useLabel } from '../../../language';
import { formatVnd } from '../../../money';
import { ProgrammeTag } from '../../common/CodeTags';
import { categoryNames, exclusionReasonNames } from '../../common/codes';
import type { AmountDue } from '../../common/types';
import { useRegistryTexts } from '../texts';

/** One month's lines: per programme the amount, the rule's explanation and what pays nothing. */
function Breakdown({ due }: { due: AmountDue }) {
  const t = useRegistryTexts();
  const label = useLabel();
  if (due.lines.length === 0 && due.excluded.length === 0) return <Typography.Text type="secondary">{t('amount.nothing')}</Typography.Text>;
  return (
    <Flex vertical gap={8}>
      {due.lines.map((line) => (
        <div key={`${line.programme}-${line.category}`}>
          <Flex justify="space-between" gap={8} align="baseline">
            <span>
              <ProgrammeTag programme={line.programme} />
              {label(categoryNames, line.category)}
            </span>
            <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
              {formatVnd(line.amountVnd)}
            </Typography.Text>
          </Flex>
          {line.breakdown.map((item, index) => (
            <Typography.Paragraph key={index} type="secondary" style={{ fontSize: 12, margin: '2px 0 0 4px' }}>
              {item.note || `${label(categoryNames, item.category)}: ${formatVnd(item.componentVnd)}`}
            </Typography.Paragraph>
          ))}
        </div>
      ))}
      {due.excluded.map((item) => (
        <Typography.Text key={`${item.programme}-${item.category}-x`} type="secondary" style={{ fontSize: 12 }}>
          {t('amount.excluded', { category: label(categoryNames, item.category), reason: label(exclusionReasonNames, item.reason) })}
        </Typography.Text>
      ))}
    </Flex>
  );
}

function MonthTotal({ label, due, strong }: { label: string; due: AmountDue; strong?: boolean }) {
  return (
    <Flex justify="space-between" align="baseline" gap={8}>
      <Typography.Text type="secondary">
        {label} {formatMonth(due.month)}
      </Typography.Text>
      <Typography.Text strong style={{ fontSize: strong ? 24 : 18, whiteSpace: 'nowrap' }} data-testid={strong ? 'amount-current' : 'amount-next'}>
        {formatVnd(due.totalVnd)}
      </Typography.Text>
    </Flex>
  );
}

/** The amount due this month and next, computed by the server's rules, with the breakdown on demand. */
export function AmountDueCard({ amountDue }: { amountDue: { current: AmountDue; next: AmountDue } }) {
  const t = useRegistryTexts();
  return (
    <Card title={t('amount.title')} size="small">
      <MonthTotal label={t('amount.current')} due={amountDue.current} strong />
      <MonthTotal label={t('amount.next')} due={amountDue.next} />
      <Divider style={{ margin: '8px 0' }} />
      <Collapse
        ghost
        size="small"
        items={[
          { key: 'current', label: t('amount.breakdownOf', { month: formatMonth(amountDue.current.month) }), children: <Breakdown due={amountDue.current} /> },
          { key: 'next', label: t('amount.breakdownOf', { month: formatMonth(amountDue.next.month) }), children: <Breakdown due={amountDue.next} /> },
        ]}
      />
    </Card>
  );
}
