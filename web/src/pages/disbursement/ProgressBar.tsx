import { Flex, Tooltip, Typography } from 'antd';
import { formatInteger } from '../../format';
import type { DisbursementTextKey } from './texts';
import { useDisbursementTexts } from './texts';
import type { BatchProgress } from './types';

interface Segment {
  key: DisbursementTextKey;
  count: number;
  color: string;
}

/**
 * The items of a batch by where they stand. Outcomes (paid, failed, returned, on hold) come first;
 * the rest by transmission (acknowledged and waiting, handed over, not handed over).
 */
export function segmentsOf(progress: BatchProgress, items: number): Segment[] {
  const outcomes = progress.paid + progress.failed + progress.returned + progress.onHold;
  const waiting = Math.max(0, progress.acknowledged - outcomes);
  const sent = Math.max(0, Math.min(progress.sent, items - outcomes - waiting));
  const pending = Math.max(0, items - outcomes - waiting - sent);
  return [
    { key: 'progress.paid', count: progress.paid, color: '#389e0d' },
    { key: 'progress.returned', count: progress.returned, color: '#fa8c16' },
    { key: 'progress.failed', count: progress.failed, color: '#cf1322' },
    { key: 'progress.onHold', count: progress.onHold, color: '#d4b106' },
    { key: 'progress.acknowledged', count: waiting, color: '#1a5fb4' },
    { key: 'progress.sent', count: sent, color: '#91caff' },
    { key: 'progress.pending', count: pending, color: '#d9d9d9' },
  ];
}

export function sumProgress(list: BatchProgress[]): BatchProgress {
  const total: BatchProgress = { pending: 0, sent: 0, acknowledged: 0, paid: 0, failed: 0, returned: 0, onHold: 0, final: 0 };
  for (const progress of list) for (const key of Object.keys(total) as (keyof BatchProgress)[]) total[key] += progress[key];
  return total;
}

/** A stacked bar with the counts in a tooltip, and optionally a legend below. */
export function ProgressBar({ progress, items, legend = false, height = 10 }: { progress: BatchProgress; items: number; legend?: boolean; height?: number }) {
  const t = useDisbursementTexts();
  const segments = segmentsOf(progress, items).filter((segment) => segment.count > 0);
  const tooltip = (
    <div>
      {segments.map((segment) => (
        <div key={segment.key}>
          {t(segment.key)}: {formatInteger(segment.count)}
        </div>
      ))}
    </div>
  );
  return (
    <div style={{ minWidth: 160 }}>
      <Tooltip title={tooltip}>
        <div
          role="img"
          aria-label={segments.map((segment) => `${t(segment.key)} ${segment.count}`).join(', ')}
          style={{ display: 'flex', height, borderRadius: height / 2, overflow: 'hidden', background: '#f0f0f0' }}
        >
          {segments.map((segment) => (
            <div key={segment.key} style={{ width: `${(segment.count / Math.max(items, 1)) * 100}%`, background: segment.color }} />
          ))}
        </div>
      </Tooltip>
      {legend ? (
        <Flex gap={12} wrap style={{ marginTop: 8 }}>
          {segments.map((segment) => (
            <Flex key={segment.key} gap={6} align="center">
              <span style={{ width: 10, height: 10, borderRadius: 2, background: segment.color, display: 'inline-block' }} />
              <Typography.Text style={{ fontSize: 12 }}>
                {t(segment.key)}: <b>{formatInteger(segment.count)}</b>
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      ) : (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('progress.final', { final: formatInteger(progress.final), items: formatInteger(items) })}
        </Typography.Text>
      )}
    </div>
  );
}
