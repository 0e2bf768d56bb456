import { Timeline, Typography } from 'antd';
import { formatDateTime } from '../../format';
import { useLabel } from '../../language';
import { cycleStatusNames } from './labels';
import { usePayrollTexts } from './texts';
import type { CycleDetail, CycleEvent } from './types';

const colors: Record<string, string> = { DRAFT: 'gray', SUBMITTED: 'blue', APPROVED: 'green', FUNDED: 'green', DISBURSING: 'blue', RECONCILED: 'green', CLOSED: 'gray' };

/** Every state change of the cycle, with who, when and the comment (a rejection's reason). */
export function HistoryTab({ cycle }: { cycle: CycleDetail }) {
  const t = usePayrollTexts();
  const label = useLabel();
  const title = (event: CycleEvent) =>
    event.fromStatus === null ? t('history.created') : t('history.event', { from: label(cycleStatusNames, event.fromStatus), to: label(cycleStatusNames, event.toStatus) });
  return (
    <Timeline
      items={[...cycle.events].reverse().map((event, index) => {
        const rejected = event.toStatus === 'DRAFT' && (event.fromStatus === 'SUBMITTED' || event.fromStatus === 'APPROVED');
        return {
          key: `${event.at}:${index}`,
          color: rejected ? 'red' : colors[event.toStatus],
          title: formatDateTime(event.at),
          content: (
            <>
              <Typography.Text strong>{title(event)}</Typography.Text> <Typography.Text type="secondary">· {event.actor}</Typography.Text>
              {event.comment && !['generated', 'regenerated', 'batches created', 'all items final'].includes(event.comment) && (
                <>
                  <br />
                  <Typography.Text type={rejected ? 'danger' : undefined}>{t('history.comment', { comment: event.comment })}</Typography.Text>
                </>
              )}
            </>
          ),
        };
      })}
    />
  );
}
