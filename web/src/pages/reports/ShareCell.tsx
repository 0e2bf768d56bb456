import { Flex, Space, Tag, Typography } from 'antd';
import { formatInteger, formatMonth, formatPct, formatPercent } from '../../format';
import { useReportsTexts } from './texts';
import type { MonthlyRow } from './types';

/** A target as set: "80%", "99,5%" (a whole percent without a decimal, a fraction kept), or "150 người". */
export function useTargetText(): (target: NonNullable<MonthlyRow['target']>) => string {
  const t = useReportsTexts();
  return (target) =>
    target.pct !== null ? formatPct(target.pct, Number.isInteger(target.pct) ? 0 : 1) : t('monthly.targetPeople', { people: formatInteger(target.people ?? 0) });
}

/** A unit of the report's drill-down trail: its code (VN for the country) and its name. */
export interface UnitStep {
  code: string;
  name: string;
}

/** The share against the target: "94,0%" and a tag "Đạt" / "Chưa đạt" with the target's value. */
export function ShareCell({ row }: { row: Pick<MonthlyRow, 'cashlessShare' | 'target'> }) {
  const t = useReportsTexts();
  const targetText = useTargetText();
  return (
    <Flex vertical align="flex-end" gap={2}>
      <Typography.Text strong>{row.cashlessShare === null ? '—' : formatPercent(row.cashlessShare)}</Typography.Text>
      {row.target ? (
        <Space size={4} wrap style={{ justifyContent: 'flex-end' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {t('monthly.target', { pct: targetText(row.target), period: formatMonth(row.target.period) })}
          </Typography.Text>
          {row.target.met !== null && <Tag color={row.target.met ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>{row.target.met ? t('monthly.met') : t('monthly.notMet')}</Tag>}
        </Space>
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('monthly.noTarget')}
        </Typography.Text>
      )}
    </Flex>
  );
}
