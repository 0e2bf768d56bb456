import { Select, Space, Typography } from 'antd';
import type { CSSProperties } from 'react';
import type { Query } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { formatMonth } from '../../format';
import { useLabel } from '../../language';
import { useLocality } from '../../locality';
import { formatVnd } from '../../money';
import { cycleStatusNames } from './labels';
import { cycleInLocality, useProgrammeLabel } from './shared';
import type { Cycle, CycleStatus } from './types';

/**
 * The cycles that concern the locality chosen in the header (a province's cycles count for its
 * communes), as the server orders them (newest month first); `statuses` keeps only those.
 */
export function useLocalityCycles(statuses?: readonly CycleStatus[], query?: Query) {
  const { locality } = useLocality();
  const cycles = useApiData<Cycle[]>('/api/v1/payroll/cycles', query);
  const rows = (cycles.data ?? []).filter((cycle) => (!statuses || statuses.includes(cycle.status)) && cycleInLocality(cycle, locality));
  return { ...cycles, rows };
}

/** Chooses one cycle: "12/2026 Phường Kon Tum · Tất cả chương trình · Đã duyệt · 1.234.567 ₫". */
export function CyclePicker({
  cycles,
  value,
  onChange,
  loading,
  label,
  placeholder,
  style,
  testId,
}: {
  cycles: readonly Cycle[];
  value: number | undefined;
  onChange(id: number): void;
  loading?: boolean;
  label: string;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const programmeLabel = useProgrammeLabel();
  const codeLabel = useLabel();
  return (
    <Select<number>
      aria-label={label}
      placeholder={placeholder}
      loading={loading}
      style={{ minWidth: 320, maxWidth: '100%', ...style }}
      value={value}
      onChange={onChange}
      data-testid={testId}
      options={cycles.map((cycle) => ({
        value: cycle.id,
        label: (
          <Space size={6}>
            <Typography.Text strong>{formatMonth(cycle.month)}</Typography.Text>
            <span>{cycle.unitName ?? cycle.communeCode ?? cycle.provinceCode}</span>
            <Typography.Text type="secondary">
              · {programmeLabel(cycle.programme)} · {codeLabel(cycleStatusNames, cycle.status)} · {formatVnd(cycle.totalVnd)}
            </Typography.Text>
          </Space>
        ),
      }))}
    />
  );
}
