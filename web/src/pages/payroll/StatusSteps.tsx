import { Grid, Steps, Typography } from 'antd';
import { formatDateTime } from '../../format';
import { useLabel } from '../../language';
import { cycleStatusNames } from './labels';
import { usePayrollTexts } from './texts';
import { cycleStatuses, type CycleDetail, type CycleStatus } from './types';

/** Who moved the cycle into a status and when (the latest time, after a rejection and resubmission). */
function reachedBy(cycle: CycleDetail, status: CycleStatus): { actor: string; at: string } | null {
  const event = [...cycle.events].reverse().find((candidate) => candidate.toStatus === status);
  if (event) return { actor: event.actor, at: event.at };
  if (status === 'DRAFT') return { actor: cycle.generatedBy, at: cycle.generatedAt };
  return null;
}

/** Nháp → Đã trình → Đã duyệt → Đã cấp kinh phí → Đang chi trả → Đã đối soát → Đã khoá */
export function StatusSteps({ cycle }: { cycle: CycleDetail }) {
  const t = usePayrollTexts();
  const label = useLabel();
  const screens = Grid.useBreakpoint();
  const current = cycleStatuses.indexOf(cycle.status);
  return (
    <Steps
      size="small"
      orientation={screens.lg ? 'horizontal' : 'vertical'}
      titlePlacement={screens.lg ? 'vertical' : 'horizontal'}
      current={current}
      status={cycle.status === 'CLOSED' ? 'finish' : 'process'}
      data-testid="cycle-steps"
      items={cycleStatuses.map((status, index) => {
        const reached = index <= current ? reachedBy(cycle, status) : null;
        return {
          title: label(cycleStatusNames, status),
          content: reached ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('step.by', { actor: reached.actor, time: formatDateTime(reached.at) })}
            </Typography.Text>
          ) : undefined,
        };
      })}
    />
  );
}
