import { useSearchParams } from 'react-router-dom';
import { CycleList } from './CycleList';
import { CycleView } from './CycleView';
import { OperationsPage } from './OperationsPage';

/**
 * Danh sách chi trả: the cycles of the chosen locality, or one cycle (`/payroll?cycle=12`, a link
 * that can be shared and reloaded; the module's route is `/payroll` only), or the operations page
 * (`/payroll?view=operations`: one-offs, recoveries, suspension proposals, settings).
 */
export default function PayrollModule() {
  const [params] = useSearchParams();
  if (params.get('view') === 'operations') return <OperationsPage />;
  const cycleId = Number(params.get('cycle'));
  if (Number.isInteger(cycleId) && cycleId > 0) return <CycleView key={cycleId} cycleId={cycleId} />;
  return <CycleList />;
}
