import { FileExcelOutlined, FilePdfOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, Card, Col, DatePicker, Empty, Flex, Row, Select, Skeleton, Space, Switch, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { DataTable } from '../../components/DataTable';
import { DownloadButton } from '../../components/DownloadButton';
import { Money } from '../../components/Money';
import { formatInteger, formatMonth } from '../../format';
import { useCodeOptions, useLabel } from '../../language';
import { channelShortNames, programmeNames, programmes, type Programme } from '../common/codes';
import { ChannelsChart, ReasonsChart, SharesChart } from './MonthlyCharts';
import { ShareCell, type UnitStep } from './ShareCell';
import { SubmissionPanel } from './SubmissionPanel';
import { useReportsTexts } from './texts';
import { PeriodCard, TrendsCard } from './Trends';
import { reportChannels, type MonthlyReport, type PublishedCount, type PublishedMonthlyReport, type PublishedRow } from './types';

const reportPath = '/api/v1/reports/monthly';
/** Wide enough for "1.000.000.000 ₫" on one line. */
const moneyWidth = 136;

/** A row of the table: the report's own, or its published form (a MonthlyRow is one with every figure shown). */
type ReportRow = PublishedRow;

/** A count: the number, "< 5" (1 to 4 people, published), or "—" (withheld so that a "< 5" cannot be worked out). */
function Count({ value, danger }: { value: PublishedCount; danger?: boolean }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  if (typeof value === 'string') return <Typography.Text style={{ whiteSpace: 'nowrap' }}>{value}</Typography.Text>;
  return (
    <Typography.Text type={danger && value > 0 ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
      {formatInteger(value)}
    </Typography.Text>
  );
}

/** People above their amount, one figure of a cell (people in red where `danger` and not zero; "—" for a withheld amount). */
function PeopleMoney({ people, amountVnd, danger }: { people: PublishedCount; amountVnd: ReportRow['dueVnd']; danger?: boolean }) {
  return (
    <Flex vertical align="flex-end" gap={0}>
      <Count value={people} danger={danger} />
      <Money value={amountVnd} type="secondary" />
    </Flex>
  );
}

interface LeafColumn {
  key: string;
  title: string;
  align?: 'right';
  fixed?: 'left';
  width?: number;
  render(value: unknown, row: ReportRow): ReactNode;
}
type Column = LeafColumn | { key: string; title: string; children: LeafColumn[] };

/** The columns of the report, the same for the child units and the total row. */
function useColumns(): Column[] {
  const t = useReportsTexts();
  const label = useLabel();
  const channelColumns = reportChannels.map((channel) => ({
    key: channel,
    title: label(channelShortNames, channel),
    align: 'right' as const,
    width: moneyWidth,
    render: (_: unknown, row: ReportRow) => {
      const figure = row.paid.byChannel[channel];
      return figure ? <PeopleMoney people={figure.people} amountVnd={figure.amountVnd} /> : <Typography.Text type="secondary">—</Typography.Text>;
    },
  }));
  return [
    { key: 'unit', title: t('monthly.unit'), fixed: 'left' as const, width: 180, render: (_: unknown, row: ReportRow) => <Typography.Text strong>{row.name ?? row.unit}</Typography.Text> },
    { key: 'people', title: t('monthly.people'), align: 'right' as const, width: 90, render: (_: unknown, row: ReportRow) => <Count value={row.people} /> },
    { key: 'due', width: moneyWidth, title: t('monthly.due'), align: 'right' as const, render: (_: unknown, row: ReportRow) => <Money value={row.dueVnd} /> },
    { key: 'paid', width: moneyWidth, title: t('monthly.paid'), align: 'right' as const, render: (_: unknown, row: ReportRow) => <PeopleMoney people={row.paid.people} amountVnd={row.paid.amountVnd} /> },
    { key: 'channels', title: t('monthly.byChannel'), children: channelColumns },
    { key: 'failed', width: moneyWidth, title: t('monthly.failed'), align: 'right' as const, render: (_: unknown, row: ReportRow) => <PeopleMoney people={row.failed.people} amountVnd={row.failed.amountVnd} danger /> },
    { key: 'returned', width: moneyWidth, title: t('monthly.returned'), align: 'right' as const, render: (_: unknown, row: ReportRow) => <PeopleMoney people={row.returned.people} amountVnd={row.returned.amountVnd} danger /> },
    { key: 'carried', width: moneyWidth, title: t('monthly.carriedOver'), align: 'right' as const, render: (_: unknown, row: ReportRow) => <PeopleMoney people={row.carriedOver.people} amountVnd={row.carriedOver.amountVnd} /> },
    { key: 'outstanding', width: moneyWidth, title: t('monthly.outstanding'), align: 'right' as const, render: (_: unknown, row: ReportRow) => <PeopleMoney people={row.outstanding.people} amountVnd={row.outstanding.amountVnd} /> },
    { key: 'fees', width: moneyWidth, title: t('monthly.fees'), align: 'right' as const, render: (_: unknown, row: ReportRow) => <Money value={row.feesVnd} /> },
    { key: 'share', title: t('monthly.share'), align: 'right' as const, width: 170, render: (_: unknown, row: ReportRow) => <ShareCell row={row} /> },
  ];
}

/** The total row: each leaf column's own cell, with the total's figures under "Tổng cộng". */
function TotalRow({ total, columns }: { total: ReportRow; columns: Column[] }) {
  const t = useReportsTexts();
  const leaves = columns.flatMap((column) => ('children' in column ? column.children : [column]));
  const row = { ...total, name: t('monthly.total') };
  return (
    <Table.Summary fixed="bottom">
      <Table.Summary.Row data-testid="monthly-total" style={{ background: '#fafafa' }}>
        {leaves.map((column, index) => (
          <Table.Summary.Cell key={column.key} index={index} align={index === 0 ? 'left' : 'right'}>
            {column.render(undefined, row)}
          </Table.Summary.Cell>
        ))}
      </Table.Summary.Row>
    </Table.Summary>
  );
}

function ReportTable({ report, onOpen }: { report: MonthlyReport | PublishedMonthlyReport; onOpen(step: UnitStep): void }) {
  const t = useReportsTexts();
  const columns = useColumns();
  // A commune's report has itself as its one row: nothing below it to open.
  const opens = (row: ReportRow) => row.unit !== null && row.unit !== report.unit;
  return (
    <DataTable<ReportRow>
      rowKey={(row) => row.unit ?? 'VN'}
      size="small"
      bordered
      minWidth={180 + 90 + moneyWidth * 12 + 170}
      pageSize={50}
      dataSource={report.rows}
      columns={columns}
      data-testid="monthly-table"
      rowClassName={(row) => (opens(row) ? 'clickable-row' : '')}
      onRow={(row) =>
        opens(row)
          ? {
              onClick: () => onOpen({ code: row.unit!, name: row.name ?? row.unit! }),
              style: { cursor: 'pointer' },
              title: t('monthly.open', { unit: row.name ?? row.unit! }),
            }
          : {}
      }
      summary={() => <TotalRow total={report.total} columns={columns} />}
    />
  );
}

/**
 * Kết quả chi trả tháng: the month's report of the unit looked at (the locality picker's, or the
 * one opened by clicking a row), its charts, the forms to sign and the report's submission.
 * `home` is where the trail starts: the commune, the province, or VN for the whole country.
 */
export function MonthlyResults({ home }: { home: UnitStep }) {
  const t = useReportsTexts();
  const options = useCodeOptions();
  const [month, setMonth] = useState(() => dayjs().format('YYYY-MM'));
  const [programme, setProgramme] = useState<Programme>();
  const [trail, setTrail] = useState<UnitStep[]>([]);
  const current = trail.at(-1) ?? home;
  const [published, setPublished] = useState(false);
  const query = { month, unit: current.code, programme };
  // The published figures (cells under 5 hidden) come from their own path, and so do their forms.
  const path = published ? `${reportPath}/published` : reportPath;
  const report = useApiData<MonthlyReport | PublishedMonthlyReport>(path, query);
  const data = report.data;
  const total = data?.total;
  // The charts draw the report's own figures only: a published report has none to draw for its small cells.
  const full = data && !('published' in data) ? data : undefined;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Flex gap={12} wrap align="center" justify="space-between">
        <Space wrap>
          <DatePicker
            picker="month"
            format="MM/YYYY"
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(value) => value && setMonth(value.format('YYYY-MM'))}
            aria-label={t('monthly.month')}
          />
          <Select<Programme | undefined>
            style={{ width: 220 }}
            value={programme}
            allowClear
            placeholder={t('monthly.allProgrammes')}
            onChange={setProgramme}
            options={options(programmes, programmeNames) as { value: Programme; label: string }[]}
            aria-label={t('monthly.programme')}
          />
          <Space size={8}>
            <Switch checked={published} onChange={setPublished} aria-label={t('monthly.published')} data-testid="monthly-published" />
            <Typography.Text>{t('monthly.published')}</Typography.Text>
          </Space>
        </Space>
        <Space wrap>
          <DownloadButton path={`${path}.xlsx`} query={query} icon={<FileExcelOutlined />} data-testid="monthly-xlsx">
            {t(published ? 'monthly.xlsxPublished' : 'monthly.xlsx')}
          </DownloadButton>
          <DownloadButton path={`${path}.pdf`} query={query} icon={<FilePdfOutlined />} data-testid="monthly-pdf">
            {t(published ? 'monthly.pdfPublished' : 'monthly.pdf')}
          </DownloadButton>
        </Space>
      </Flex>
      {trail.length > 0 && (
        <Flex gap={12} align="center" wrap>
          <Button size="small" icon={<RollbackOutlined />} onClick={() => setTrail(trail.slice(0, -1))}>
            {t('monthly.back', { unit: (trail.at(-2) ?? home).name })}
          </Button>
          <Breadcrumb
            data-testid="monthly-trail"
            items={[home, ...trail].map((step, index) => ({
              key: step.code,
              title: index === trail.length ? step.name : <a onClick={() => setTrail(trail.slice(0, index))}>{step.name}</a>,
            }))}
          />
        </Flex>
      )}
      {published && <Alert type="info" showIcon title={t('monthly.publishedHelp')} data-testid="monthly-published-help" />}
      {report.error ? (
        <Alert type="error" showIcon title={errorMessage(report.error)} />
      ) : !data || !total ? (
        <Skeleton active />
      ) : (
        <>
          {total.paid.people === 0 && (
            <Empty data-testid="monthly-empty" description={t('monthly.empty', { month: formatMonth(month), unit: data.name ?? current.name })} />
          )}
          {total.people !== 0 && (
            <>
              <ReportTable report={data} onOpen={(step) => setTrail([...trail, step])} />
              {total.daysToPayment.median !== null && (
                <Typography.Text type="secondary">
                  {t('monthly.days', { median: formatInteger(total.daysToPayment.median), p90: formatInteger(total.daysToPayment.p90 ?? total.daysToPayment.median) })}
                </Typography.Text>
              )}
            </>
          )}
          {full && full.total.paid.people > 0 && (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card size="small" title={t('chart.channels')}>
                  <ChannelsChart total={full.total} />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card size="small" title={t('chart.reasons')}>
                  <ReasonsChart total={full.total} />
                </Card>
              </Col>
              {full.rows.length > 1 && (
                <Col xs={24}>
                  <Card size="small" title={t('chart.shares')}>
                    <SharesChart rows={full.rows} />
                  </Card>
                </Col>
              )}
            </Row>
          )}
        </>
      )}
      <SubmissionPanel month={month} unit={current} programme={programme} />
      <TrendsCard unit={current} month={month} programme={programme} />
      <PeriodCard unit={current} programme={programme} />
    </Space>
  );
}
