import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth';
import { formatMonth } from '../../format';
import { useLabel } from '../../language';
import type { Locality } from '../../locality';
import { CodeTag } from '../common/CodeTags';
import { isFullPersonalId } from '../common/codes';
import { cycleStatusColors, cycleStatusNames, programmeNames } from './labels';
import { usePayrollTexts } from './texts';
import type { Cycle, CycleStatus } from './types';

export function CycleStatusTag({ status }: { status: CycleStatus }) {
  return <CodeTag code={status} names={cycleStatusNames} colors={cycleStatusColors} testId="cycle-status" />;
}

/** "Tất cả chương trình" or the programme's name. */
export function useProgrammeLabel(): (programme: string | null) => string {
  const label = useLabel();
  const t = usePayrollTexts();
  return (programme) => (programme ? label(programmeNames, programme) : t('list.allProgrammes'));
}

/**
 * The beneficiary's name, linking to their record in the registry when the user may read it and
 * the ID is not masked (roles without sensitive access see ••••••••1234 and no link).
 */
export function PersonLink({ personalId, fullName }: { personalId: string; fullName: string }) {
  const { can } = useSession();
  if (can('registry.read') && isFullPersonalId(personalId)) {
    return <Link to={`/registry/${personalId}`}>{fullName}</Link>;
  }
  return <span>{fullName}</span>;
}

/** A table's person cell: the name (a link when allowed) over the ID, or over `detail` when given. */
export function PersonCell({ personalId, fullName, detail }: { personalId: string; fullName: string; detail?: ReactNode }) {
  return (
    <span>
      <PersonLink personalId={personalId} fullName={fullName} />
      <br />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {detail ?? personalId}
      </Typography.Text>
    </span>
  );
}

/** Whether a cycle concerns the locality chosen in the header (a province cycle concerns its communes). */
export function cycleInLocality(cycle: Pick<Cycle, 'provinceCode' | 'communeCode'>, locality: Locality): boolean {
  if (locality.commune) return cycle.communeCode === locality.commune.code || (cycle.communeCode === null && cycle.provinceCode === locality.commune.provinceCode);
  if (locality.province) return cycle.provinceCode === locality.province.code;
  return true;
}

/** "12/2026 · Phường Kon Tum · Tất cả chương trình" */
export function useCycleLabel(): (cycle: Cycle) => string {
  const programmeLabel = useProgrammeLabel();
  return (cycle) => [formatMonth(cycle.month), cycle.unitName ?? cycle.communeCode ?? cycle.provinceCode, programmeLabel(cycle.programme)].join(' · ');
}

/** Days from today (Vietnam time in the browser) to an ISO date; negative when past. */
export function daysUntil(isoDate: string, today = new Date()): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  const due = Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((due - now) / 86_400_000);
}
