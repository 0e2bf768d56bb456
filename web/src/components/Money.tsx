import { Typography } from 'antd';
import { formatVnd, parseVnd, type Vnd } from '../money';

/**
 * An amount as every table and card shows it: vi-VN grouping, "₫", never wrapped between the
 * digits and the sign, tabular digits so that columns line up; "—" when there is none. `signed`
 * shows a negative amount (a recovery) in red.
 */
export function Money({
  value,
  strong,
  type,
  signed,
  testId,
}: {
  value: Vnd | bigint | null | undefined;
  strong?: boolean;
  type?: 'danger' | 'success' | 'secondary';
  signed?: boolean;
  testId?: string;
}) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  const negative = signed && parseVnd(value) < 0n;
  return (
    <Typography.Text strong={strong} type={negative ? 'danger' : type} style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
      {formatVnd(value)}
    </Typography.Text>
  );
}
