import { Typography } from 'antd';
import { Bar, BarChart, CartesianGrid, Cell, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInteger, formatPct } from '../../format';
import { useI18n, useLabel } from '../../language';
import { formatVnd, parseVnd } from '../../money';
import { channelShortNames } from '../common/codes';
import { reasonWithCode } from '../disbursement/labels';
import { useReportsTexts } from './texts';
import { reportChannels, type MonthlyRow } from './types';

const palette = { people: '#1a5fb4', amount: '#7fb3e6', failed: '#cf1322', returned: '#fa8c16', met: '#389e0d', below: '#fa8c16', none: '#1a5fb4', target: '#cf1322' };

/**
 * Millions of đồng with one decimal for a chart's axis, cut in BigInt so that no amount is read
 * through a float; the tooltip shows the exact amount.
 */
export function millions(amount: MonthlyRow['dueVnd']): number {
  return Number(parseVnd(amount) / 100_000n) / 10;
}

/** "Phường Kon Tum" → "P. Kon Tum", "Tỉnh Quảng Ngãi" → "Quảng Ngãi": axis labels that fit. */
function shortName(name: string): string {
  return name.replace(/^Thành phố /, 'TP. ').replace(/^Tỉnh /, '').replace(/^Phường /, 'P. ').replace(/^Xã /, 'X. ').replace(/^Đặc khu /, 'ĐK. ');
}

/** People (left axis) and amounts (right axis, millions) paid through each channel. */
export function ChannelsChart({ total }: { total: MonthlyRow }) {
  const t = useReportsTexts();
  const label = useLabel();
  const data = reportChannels.map((channel) => {
    const figure = total.paid.byChannel[channel];
    return { channel, name: label(channelShortNames, channel), people: figure?.people ?? 0, amount: figure ? millions(figure.amountVnd) : 0, exact: figure?.amountVnd };
  });
  return (
    <div data-testid="chart-channels" style={{ width: '100%' }}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
          <YAxis yAxisId="people" tick={{ fontSize: 12 }} width={48} allowDecimals={false} />
          <YAxis yAxisId="amount" orientation="right" tick={{ fontSize: 12 }} width={56} />
          <Tooltip
            formatter={(value, name, item) => {
              const datum = (item as { payload?: (typeof data)[number] }).payload;
              if (name === t('chart.amount') && datum?.exact !== undefined) return [formatVnd(datum.exact), name];
              return [formatInteger(Number(value ?? 0)), name];
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="people" dataKey="people" name={t('chart.people')} fill={palette.people} />
          <Bar yAxisId="amount" dataKey="amount" name={t('chart.amount')} fill={palette.amount} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** People whose payment failed or came back, per reason code, the most frequent first. */
export function ReasonsChart({ total }: { total: MonthlyRow }) {
  const t = useReportsTexts();
  const { language } = useI18n();
  const codes = [...new Set([...Object.keys(total.failed.byReason), ...Object.keys(total.returned.byReason)])];
  const data = codes
    .map((code) => ({ code, failed: total.failed.byReason[code] ?? 0, returned: total.returned.byReason[code] ?? 0 }))
    .sort((a, b) => b.failed + b.returned - (a.failed + a.returned) || a.code.localeCompare(b.code))
    .slice(0, 12);
  if (data.length === 0) return <Typography.Text type="secondary">{t('chart.noFailures')}</Typography.Text>;
  return (
    <div data-testid="chart-reasons" style={{ width: '100%' }}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="code" tick={{ fontSize: 12 }} interval={0} />
          <YAxis tick={{ fontSize: 12 }} width={40} allowDecimals={false} />
          <Tooltip labelFormatter={(code) => reasonWithCode(String(code), language)} formatter={(value, name) => [formatInteger(Number(value ?? 0)), name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="failed" stackId="reason" name={t('monthly.failed')} fill={palette.failed} />
          <Bar dataKey="returned" stackId="reason" name={t('monthly.returned')} fill={palette.returned} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The target of one unit: a red bar across its column. */
function TargetMark({ cx, cy, index }: { cx?: number; cy?: number; index?: number }) {
  if (cx === undefined || cy === undefined || !Number.isFinite(cy)) return <g key={index} />;
  return <line key={index} x1={cx - 24} x2={cx + 24} y1={cy} y2={cy} stroke={palette.target} strokeWidth={3} />;
}

/** Each child unit's cashless share (green: meets its target, orange: below) with its target as a line. */
export function SharesChart({ rows }: { rows: MonthlyRow[] }) {
  const t = useReportsTexts();
  const data = rows
    .filter((row) => row.cashlessShare !== null)
    .map((row) => ({
      name: shortName(row.name ?? row.unit ?? ''),
      fullName: row.name ?? row.unit ?? '',
      share: Math.round((row.cashlessShare ?? 0) * 1000) / 10,
      target: row.target?.pct ?? null,
      met: row.target?.met ?? null,
    }));
  const tilted = data.length > 8;
  return (
    <div data-testid="chart-shares" style={{ width: '100%' }}>
      <ResponsiveContainer width="100%" height={tilted ? 320 : 260}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: tilted ? 40 : 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" interval={0} angle={tilted ? -30 : 0} textAnchor={tilted ? 'end' : 'middle'} height={tilted ? 70 : 30} tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 100]} tickFormatter={(value: number) => `${value}%`} width={48} tick={{ fontSize: 12 }} />
          <Tooltip
            labelFormatter={(_label, payload) => (payload?.[0]?.payload as (typeof data)[number] | undefined)?.fullName ?? ''}
            formatter={(value, name) => [typeof value === 'number' ? formatPct(value) : '—', name]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="share" name={t('chart.share')} fill={palette.none}>
            {data.map((datum) => (
              <Cell key={datum.fullName} fill={datum.met === null ? palette.none : datum.met ? palette.met : palette.below} />
            ))}
          </Bar>
          {/* Each unit has its own target: a mark across its bar, not a line joining different targets. */}
          <Line dataKey="target" name={t('chart.targetLine')} stroke={palette.target} strokeWidth={0} legendType="plainline" isAnimationActive={false} dot={TargetMark} activeDot={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
