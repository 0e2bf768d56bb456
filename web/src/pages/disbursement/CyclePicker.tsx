import { Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { formatMonth } from '../../format';
import { formatVnd } from '../../money';
import { useLocality } from '../../locality';
import { useApiData } from '../../api/useApiData';
import { cycleStatusNames } from '../payroll/labels';
import { useLabel } from '../../language';
import { cycleInLocality, useProgrammeLabel } from '../payroll/shared';
import type { Cycle, CycleStatus } from '../payroll/types';
import { useDisbursementTexts } from './texts';

const payableStatuses: readonly CycleStatus[] = ['FUNDED', 'DISBURSING', 'RECONCILED', 'CLOSED'];

/**
 * The cycles that can be paid (funded or later) in the chosen locality, and the one selected in
 * the address (`/disbursement?cycle=12`, the link the payroll page opens). Without a choice the
 * newest one still being paid is taken.
 */
export function usePayableCycles(statuses: readonly CycleStatus[] = payableStatuses) {
  const { locality } = useLocality();
  const [params, setParams] = useSearchParams();
  const cycles = useApiData<Cycle[]>('/api/v1/payroll/cycles');
  const rows = (cycles.data ?? []).filter((cycle) => statuses.includes(cycle.status) && cycleInLocality(cycle, locality));
  const requested = Number(params.get('cycle'));
  const selected = rows.find((cycle) => cycle.id === requested) ?? (cycles.data ?? []).find((cycle) => cycle.id === requested && statuses.includes(cycle.status));
  const fallback = rows.find((cycle) => cycle.status === 'DISBURSING' || cycle.status === 'FUNDED') ?? rows[0];

  useEffect(() => {
    if (!selected && fallback) setParams({ cycle: String(fallback.id) }, { replace: true });
  }, [selected, fallback, setParams]);

  const select = (id: number) => setParams({ cycle: String(id) });
  // A cycle opened by link from another locality stays choosable.
  const options = selected && !rows.includes(selected) ? [selected, ...rows] : rows;
  return { ...cycles, rows: options, selected: selected ?? fallback, select };
}

export function CyclePicker({ rows, selected, onSelect, loading }: { rows: Cycle[]; selected: Cycle | undefined; onSelect(id: number): void; loading: boolean }) {
  const t = useDisbursementTexts();
  const label = useLabel();
  const programmeLabel = useProgrammeLabel();
  return (
    <Select<number>
      aria-label={t('cycle.label')}
      placeholder={t('cycle.placeholder')}
      loading={loading}
      style={{ minWidth: 320, maxWidth: '100%' }}
      value={selected?.id}
      onChange={onSelect}
      data-testid="disbursement-cycle"
      options={rows.map((cycle) => ({
        value: cycle.id,
        label: (
          <Space size={6}>
            <Typography.Text strong>{formatMonth(cycle.month)}</Typography.Text>
            <span>{cycle.unitName ?? cycle.communeCode ?? cycle.provinceCode}</span>
            <Typography.Text type="secondary">
              · {programmeLabel(cycle.programme)} · {label(cycleStatusNames, cycle.status)} · {formatVnd(cycle.totalVnd)}
            </Typography.Text>
          </Space>
        ),
      }))}
    />
  );
}
