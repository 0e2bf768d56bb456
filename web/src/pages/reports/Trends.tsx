import { Alert, Card, Col, Flex, Row, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { errorMessage, isRouteMissing, type ApiError } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { DataTable } from '../../components/DataTable';
import { Money } from '../../components/Money';
import { formatInteger, formatMonth, formatPct, formatPercent } from '../../format';
import { useLabel } from '../../language';
import { formatVnd, parseVnd, type Vnd } from '../../money';
import { channelNames, channelShortNames } from '../common/codes';
import { millions } from './MonthlyCharts';
import type { UnitStep } from './ShareCell';
import { periodNames, useReportsTexts } from './texts';
import { reportChannels, reportPeriods, type MonthlyRow, type PeriodReport, type ReportPeriod, type TrendsReport } from './types';

const channelColors: Record<string, string> = { TK_NGAN_HANG: '#1a5fb4', VI_DIEN_TU: '#13a8a8', MOBILE_MONEY: '#722ed1', TIEN_MAT: '#fa8c16', TAI_NHA: '#d4b106' };

/** A failed request: a server without the report says so quietly, anything else as an error. */
function Failure({ error }: { error: ApiError }) {
  const t = useReportsTexts();
  return isRouteMissing(error) ? <Typography.Text type="secondary">{t('submission.unavailable')}</Typography.Text> : <Alert type="error" showIcon title={errorMessage(error)} />;
}

/** People or amounts by channel, the cashless share against the target and the failures, month by month. */
export function TrendsCard({ unit, month, programme }: { unit: UnitStep; month: string; programme: string | undefined }) {
  const t = useReportsTexts();
  const label = useLabel();
  const [measure, setMeasure] = useState<'people' | 'amount'>('people');
  const from = dayjs(`${month}-01`).subtract(11, 'month').format('YYYY-MM');
  const trends = useApiData<TrendsReport>('/api/v1/reports/trends', { from, to: month, unit: unit.code, programme });
  const months = trends.data?.months ?? [];
  const data = months.map((row) => ({
    month: formatMonth(row.unit ?? ''),
    ...Object.fromEntries(
      reportChannels.map((channel) => {
        const figure = row.paid.byChannel[channel];
        return [channel, figure ? (measure === 'people' ? figure.people : millions(figure.amountVnd)) : 0];
      }),
    ),
    share: row.cashlessShare === null ? null : Math.round(row.cashlessShare * 1000) / 10,
    target: row.target?.pct ?? null,
    failed: row.failed.people,
    returned: row.returned.people,
  }));
  return (
    <Card size="small" title={t('trends.title', { month: formatMonth(month) })} data-testid="trends-card">
      {trends.error ? (
        <Failure error={trends.error} />
      ) : !trends.data ? (
        <Skeleton active />
      ) : months.length === 0 ? (
        <Typography.Text type="secondary">{t('trends.none')}</Typography.Text>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Typography.Text strong>{t('trends.byChannel')}</Typography.Text>
              <Segmented<'people' | 'amount'>
                size="small"
                value={measure}
                onChange={setMeasure}
                options={[
                  { value: 'people', label: t('trends.people') },
                  { value: 'amount', label: t('chart.amount') },
                ]}
              />
            </Flex>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="month" tick={{ fontSize: 12 }} />
                <YAxis tick={{ fontSize: 12 }} width={56} />
                <Tooltip formatter={(value) => [measure === 'people' ? formatInteger(Number(value ?? 0)) : String(value ?? '').replace('.', ',')]} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                {reportChannels.map((channel) => (
                  <Bar key={channel} dataKey={channel} stackId="channel" name={label(channelShortNames, channel)} fill={channelColors[channel]} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </Col>
          <Col xs={24} xl={12}>
            <Typography.Text strong>{t('trends.share')}</Typography.Text>
            <ResponsiveContainer width="100%" height={260}>
              <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="month" tick={{ fontSize: 12 }} />
                <YAxis domain={[0, 100]} tickFormatter={(value: number) => `${value}%`} width={48} tick={{ fontSize: 12 }} />
                <Tooltip formatter={(value, name) => [typeof value === 'number' ? formatPct(value) : '—', name]} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Line dataKey="share" name={t('chart.share')} stroke="#1a5fb4" strokeWidth={2} connectNulls />
                <Line dataKey="target" name={t('chart.targetLine')} stroke="#cf1322" strokeDasharray="6 4" dot={false} connectNulls />
              </ComposedChart>
            </ResponsiveContainer>
          </Col>
          <Col xs={24}>
            <Typography.Text strong>{t('trends.failures')}</Typography.Text>
            <ResponsiveContainer width="100%" height={220}>
              <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="month" tick={{ fontSize: 12 }} />
                <YAxis tick={{ fontSize: 12 }} width={40} allowDecimals={false} />
                <Tooltip formatter={(value, name) => [formatInteger(Number(value ?? 0)), name]} />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                <Bar dataKey="failed" stackId="failure" name={t('monthly.failed')} fill="#cf1322" />
                <Bar dataKey="returned" stackId="failure" name={t('monthly.returned')} fill="#fa8c16" />
              </BarChart>
            </ResponsiveContainer>
          </Col>
        </Row>
      )}
    </Card>
  );
}

interface Comparison {
  key: string;
  figure: string;
  current: ReactNode;
  previous: ReactNode;
  change: ReactNode;
}

/** Counts, amounts and shares of a period beside the year before, with the change of each. */
function useComparisons(current: MonthlyRow, previous: MonthlyRow): Comparison[] {
  const t = useReportsTexts();
  const label = useLabel();
  const count = (key: string, figure: string, of: (row: MonthlyRow) => number): Comparison => {
    const change = of(current) - of(previous);
    return { key, figure, current: formatInteger(of(current)), previous: formatInteger(of(previous)), change: change === 0 ? '0' : `${change > 0 ? '+' : '-'}${formatInteger(Math.abs(change))}` };
  };
  const amount = (key: string, figure: string, of: (row: MonthlyRow) => Vnd): Comparison => {
    const change = parseVnd(of(current)) - parseVnd(of(previous));
    return { key, figure, current: <Money value={of(current)} />, previous: <Money value={of(previous)} />, change: change === 0n ? '0' : `${change > 0n ? '+' : ''}${formatVnd(change)}` };
  };
  const shareOf = (row: MonthlyRow) => row.cashlessShare;
  const share = shareOf(current);
  const before = shareOf(previous);
  return [
    count('people', t('monthly.people'), (row) => row.people),
    count('paidPeople', t('period.paidPeople'), (row) => row.paid.people),
    amount('paidAmount', t('period.paidAmount'), (row) => row.paid.amountVnd),
    ...reportChannels.map((channel) => count(`channel-${channel}`, t('period.channelPeople', { channel: label(channelNames, channel) }), (row) => row.paid.byChannel[channel]?.people ?? 0)),
    {
      key: 'share',
      figure: t('monthly.share'),
      current: share === null ? '—' : formatPercent(share),
      previous: before === null ? '—' : formatPercent(before),
      // a change of a share is in percentage points, not a percentage of the share
      change: share === null || before === null ? '—' : t('period.points', { points: `${share >= before ? '+' : ''}${((share - before) * 100).toFixed(1).replace('.', ',')}` }),
    },
    count('failed', t('monthly.failed'), (row) => row.failed.people),
    count('returned', t('monthly.returned'), (row) => row.returned.people),
    amount('carried', t('monthly.carriedOver'), (row) => row.carriedOver.amountVnd),
    amount('fees', t('monthly.fees'), (row) => row.feesVnd),
    {
      key: 'days',
      figure: t('period.medianDays'),
      current: current.daysToPayment.median === null ? '—' : formatInteger(current.daysToPayment.median),
      previous: previous.daysToPayment.median === null ? '—' : formatInteger(previous.daysToPayment.median),
      change: '',
    },
  ];
}

function ComparisonTable({ report }: { report: PeriodReport }) {
  const t = useReportsTexts();
  const label = useLabel();
  const rows = useComparisons(report.current.total, report.previous.total);
  const costs = report.current.total.feesByChannel ?? {};
  const earlier = report.previous.total.feesByChannel ?? {};
  const costChannels = [...new Set([...Object.keys(costs), ...Object.keys(earlier)])];
  const title = (year: number) => t('period.current', { period: label(periodNames, report.period), year });
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <DataTable<Comparison>
        rowKey="key"
        size="small"
        dataSource={rows}
        data-testid="period-table"
        columns={[
          { key: 'figure', title: t('period.figure'), dataIndex: 'figure' },
          { key: 'current', title: title(report.year), dataIndex: 'current', align: 'right' },
          { key: 'previous', title: title(report.year - 1), dataIndex: 'previous', align: 'right' },
          { key: 'change', title: t('period.change'), dataIndex: 'change', align: 'right' },
        ]}
      />
      <Typography.Text strong>{t('period.costs')}</Typography.Text>
      {costChannels.length === 0 ? (
        <Typography.Text type="secondary">{t('period.noCosts')}</Typography.Text>
      ) : (
        <DataTable<{ channel: string }>
          rowKey="channel"
          size="small"
          dataSource={costChannels.map((channel) => ({ channel }))}
          data-testid="period-costs"
          columns={[
            { key: 'channel', title: t('period.channel'), render: (_: unknown, { channel }) => label(channelShortNames, channel) },
            { key: 'payments', title: `${t('period.payments')} ${report.year}`, align: 'right', render: (_: unknown, { channel }) => formatInteger(costs[channel]?.payments ?? 0) },
            { key: 'cost', title: `${t('period.perPayment')} ${report.year}`, align: 'right', render: (_: unknown, { channel }) => <Money value={costs[channel]?.perPaymentVnd} /> },
            { key: 'before', title: `${t('period.perPayment')} ${report.year - 1}`, align: 'right', render: (_: unknown, { channel }) => <Money value={earlier[channel]?.perPaymentVnd} /> },
          ]}
        />
      )}
    </Space>
  );
}

/** The six-monthly report and the November review: the period beside the same months a year before. */
export function PeriodCard({ unit, programme }: { unit: UnitStep; programme: string | undefined }) {
  const t = useReportsTexts();
  const label = useLabel();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [period, setPeriod] = useState<ReportPeriod>(dayjs().month() < 6 ? 'H1' : 'H2');
  const report = useApiData<PeriodReport>('/api/v1/reports/period', { year, period, unit: unit.code, programme });
  return (
    <Card
      size="small"
      title={t('period.title')}
      data-testid="period-card"
      extra={
        <Space wrap>
          <Select<number> size="small" value={year} onChange={setYear} aria-label={t('period.year')} options={[0, 1, 2, 3].map((back) => ({ value: thisYear - back, label: String(thisYear - back) }))} />
          <Segmented<ReportPeriod> size="small" value={period} onChange={setPeriod} options={reportPeriods.map((value) => ({ value, label: label(periodNames, value) }))} />
        </Space>
      }
    >
      {report.error ? (
        <Failure error={report.error} />
      ) : !report.data ? (
        <Skeleton active />
      ) : report.data.current.total.people === 0 && report.data.previous.total.people === 0 ? (
        <Typography.Text type="secondary">{t('period.none')}</Typography.Text>
      ) : (
        <ComparisonTable report={report.data} />
      )}
    </Card>
  );
}
