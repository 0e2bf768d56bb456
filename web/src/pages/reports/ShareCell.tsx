import { Flex, Space, Tag, Typography } from 'antd';
import { formatMonth, formatPct, formatPercent } from '../../format';
import { useReportsTexts } from './texts';
import type { MonthlyRow } from './types';

/** A target as set: "80%", "99,5%" (a whole percent without a decimal, a fraction kept). */
export function targetText(pct: number): string {
  return formatPct(pct, Number.isInteger(pct) ? 0 : 1);
}

/** A unit of the report's drill-down trail: its code (VN for the country) and its name. */
export interface UnitStep {
  code: string;
  name: string;
}

/** The share against the target: "94,0%" and a tag "Đạt" / "Chưa đạt" with the target's value. */
export function ShareCell({ row }: { row: MonthlyRow }) {
  const t = useReportsTexts();
  return (
    <Flex vertical align="flex-end" gap={2}>
      <Typography.Text strong>{row.cashlessShare === null ? '—' : formatPercent(row.cashlessShare)}</Typography.Text>
      {row.target ? (
        <Space size={4} wrap style={{ justifyContent: 'flex-end' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            {t('monthly.target', { pct: targetText(row.target.pct), period: formatMonth(row.target.period) })}
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
