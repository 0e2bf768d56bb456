import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Flex, Result, Row, Skeleton, Space, Statistic, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { useSession } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { Money } from '../../components/Money';
import { PageHeader } from '../../components/PageHeader';
import { RefreshButton } from '../../components/RefreshButton';
import { formatDate, formatDateTime, formatInteger, formatMonth, formatPercent } from '../../format';
import { formatVnd, sumVnd } from '../../money';
import { CodeTag } from '../common/CodeTags';
import { ChangesTab } from './ChangesTab';
import { CycleActions } from './CycleActions';
import { DueTag, deadlineState, useDeadlines } from './DeadlinesCard';
import { ExportMenu } from './ExportMenu';
import { HistoryTab } from './HistoryTab';
import { LinesTab } from './LinesTab';
import { SettlementCard, settlementStatuses } from './SettlementCard';
import { StatusSteps } from './StatusSteps';
import { SummaryTab } from './SummaryTab';
import { WarningsPanel } from './WarningsPanel';
import { cashlessChannels, componentColors, componentNames } from './labels';
import { CycleStatusTag, useProgrammeLabel } from './shared';
import { usePayrollTexts } from './texts';
import type { ChangesResponse, CycleDetail, SummaryResponse } from './types';
import { lineComponents } from './types';
import { useComponentTotals, type ComponentTotal } from './useComponentTotals';

function previousMonthOf(month: string): string {
  const [year, value] = month.split('-').map(Number) as [number, number];
  return value === 1 ? `${year - 1}-12` : `${year}-${String(value - 1).padStart(2, '0')}`;
}

function ComponentTotals({ cycle }: { cycle: CycleDetail }) {
  const t = usePayrollTexts();
  const { totals, loading, tooLarge } = useComponentTotals(cycle.id, cycle.lineCount, cycle.version);
  if (tooLarge) return <Typography.Text type="secondary">{t('cycle.componentsUnavailable')}</Typography.Text>;
  if (loading || !totals) return <Skeleton active paragraph={{ rows: 2 }} title={false} />;
  const order = (component: string) => {
    const index = (lineComponents as readonly string[]).indexOf(component);
    return index < 0 ? 99 : index;
  };
  const rows = [...totals].sort((a, b) => order(a.component) - order(b.component));
  return (
    <DataTable<ComponentTotal>
      rowKey="component"
      size="small"
      dataSource={rows}
      data-testid="component-totals"
      columns={[
        { title: t('cycle.component'), dataIndex: 'component', render: (component: string) => <CodeTag code={component} names={componentNames} colors={componentColors} /> },
        { title: t('cycle.lines'), dataIndex: 'lines', align: 'right', render: (value: number) => formatInteger(value) },
        {
          title: t('summary.amount'),
          dataIndex: 'amountVnd',
          align: 'right',
          render: (value: bigint) => <Money value={value} signed />,
        },
      ]}
    />
  );
}

/** This cycle's deadlines, for its commune (or the province's communes: the worst of them). */
function CycleDeadlines({ cycle }: { cycle: CycleDetail }) {
  const t = usePayrollTexts();
  const { rows } = useDeadlines(cycle.month);
  const own = rows.filter((row) => (cycle.communeCode ? row.communeCode === cycle.communeCode : row.provinceCode === cycle.provinceCode));
  const first = own[0];
  if (!first) return null;
  const state = deadlineState({ ...first, cycleStatus: cycle.status });
  return (
    <Space orientation="vertical" size={4}>
      <Typography.Text type="secondary">{t('deadlines.list')}</Typography.Text>
      <DueTag due={first.listDue} late={state.listLate} done={state.listDone} />
      <Typography.Text type="secondary" style={{ marginTop: 8 }}>
        {t('deadlines.report')}
      </Typography.Text>
      <DueTag due={first.reportDue} late={state.reportLate} done={state.reportDone} />
    </Space>
  );
}

/** One cycle: where it stands, what changed since last month, the warnings, the totals, the lines. */
export function CycleView({ cycleId }: { cycleId: number }) {
  const t = usePayrollTexts();
  const { can } = useSession();
  const programmeLabel = useProgrammeLabel();
  const [tab, setTab] = useState('changes');
  const detail = useApiData<CycleDetail>(`/api/v1/payroll/cycles/${cycleId}`);
  const changes = useApiData<ChangesResponse>(`/api/v1/payroll/cycles/${cycleId}/changes`);
  const summary = useApiData<SummaryResponse>(`/api/v1/payroll/cycles/${cycleId}/summary`);
  const reload = () => {
    detail.reload();
    changes.reload();
    summary.reload();
  };

  const back = (
    <Link to="/payroll">
      <ArrowLeftOutlined /> {t('cycle.back')}
    </Link>
  );

  if (detail.error) {
    return (
      <>
        {back}
        <Result
          status={detail.error.status === 404 ? '404' : 'error'}
          title={detail.error.status === 404 ? t('cycle.notFound') : errorMessage(detail.error)}
        />
      </>
    );
  }
  const cycle = detail.data;
  if (!cycle) return <Skeleton active />;

  const lastEvent = cycle.events.at(-1);
  const returned = cycle.status === 'DRAFT' && lastEvent && (lastEvent.fromStatus === 'SUBMITTED' || lastEvent.fromStatus === 'APPROVED');
  const summaryRows = summary.data?.rows ?? [];
  const persons = summaryRows.reduce((sum, row) => sum + row.persons, 0);
  const cashless = summaryRows.filter((row) => cashlessChannels.includes(row.channel));
  const cashlessPersons = cashless.reduce((sum, row) => sum + row.persons, 0);
  const cashlessAmount = sumVnd(cashless.map((row) => row.amountVnd));
  const checker = can('payroll.approve') && cycle.status === 'SUBMITTED';

  return (
    <>
      <div style={{ marginBottom: 8 }}>{back}</div>
      <PageHeader
        title={t('cycle.title', { month: formatMonth(cycle.month) })}
        subtitle={
          <Space size={8} wrap>
            <Typography.Text type="secondary">{cycle.unitName ?? cycle.communeCode ?? cycle.provinceCode}</Typography.Text>
            <Typography.Text type="secondary">· {programmeLabel(cycle.programme)}</Typography.Text>
            <CycleStatusTag status={cycle.status} />
            {cycle.monthsCount > 1 && <Tag color="magenta">{t('cycle.twoMonths')}</Tag>}
          </Space>
        }
        extra={
          <>
            <RefreshButton onClick={reload} compact />
            <ExportMenu cycle={cycle} summaryRows={summaryRows} />
            <CycleActions cycle={cycle} warningsCount={changes.data?.warnings.length ?? 0} onChanged={reload} />
          </>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <StatusSteps cycle={cycle} />
      </Card>
      {returned && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('cycle.returned')}
          description={t('cycle.returnedBy', { actor: lastEvent.actor, time: formatDateTime(lastEvent.at), comment: lastEvent.comment ?? '' })}
        />
      )}
      {cycle.status === 'SUBMITTED' && !checker && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cycle.frozen')} />}
      {cycle.fundedReference && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('cycle.funding', { amount: formatVnd(cycle.fundedAmountVnd ?? cycle.totalVnd), date: formatDate(cycle.fundedDate), reference: cycle.fundedReference })}
        />
      )}
      {changes.data && <WarningsPanel warnings={changes.data.warnings} emphasise={checker} />}
      {settlementStatuses.includes(cycle.status) && <SettlementCard key={cycle.status} cycle={cycle} onChanged={reload} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="cycle-figures">
        <Col xs={24} md={12} xl={9}>
          <Card style={{ height: '100%' }}>
            <Statistic title={t('cycle.total')} value={formatVnd(cycle.totalVnd)} styles={{ content: { fontWeight: 600 } }} />
            {summary.data && (
              <Typography.Paragraph type="secondary" italic style={{ margin: '4px 0 0', fontSize: 13 }}>
                {summary.data.totalInWords}
              </Typography.Paragraph>
            )}
          </Card>
        </Col>
        <Col xs={12} md={6} xl={5}>
          <Card style={{ height: '100%' }}>
            <Statistic title={t('cycle.persons')} value={summary.data ? formatInteger(persons) : '…'} />
          </Card>
        </Col>
        <Col xs={12} md={6} xl={5}>
          <Card style={{ height: '100%' }}>
            <Statistic title={t('cycle.lines')} value={formatInteger(cycle.lineCount)} />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={5}>
          <Card style={{ height: '100%' }}>
            <Statistic title={t('cycle.cashless')} value={summary.data && persons > 0 ? formatPercent(cashlessPersons / persons) : '…'} />
            {summary.data && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('cycle.cashlessDetail', { persons: formatInteger(cashlessPersons), amount: formatVnd(cashlessAmount) })}
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card title={t('cycle.byComponent')} style={{ height: '100%' }} styles={{ body: { paddingTop: 8 } }}>
            <ComponentTotals cycle={cycle} />
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('deadlines.title')} style={{ height: '100%' }}>
            <CycleDeadlines cycle={cycle} />
          </Card>
        </Col>
      </Row>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'changes',
              label: (
                <Flex gap={6} align="center">
                  {t('cycle.tab.changes')}
                  {changes.data && <Tag style={{ marginInlineEnd: 0 }}>{formatInteger(changes.data.changes.length)}</Tag>}
                </Flex>
              ),
              children: changes.error ? (
                <Alert type="error" showIcon title={changes.error.message} />
              ) : changes.data ? (
                <ChangesTab changes={changes.data} previousMonth={previousMonthOf(cycle.month)} />
              ) : (
                <Skeleton active />
              ),
            },
            {
              key: 'summary',
              label: t('cycle.tab.summary'),
              children: summary.error ? <Alert type="error" showIcon title={summary.error.message} /> : summary.data ? <SummaryTab summary={summary.data} /> : <Skeleton active />,
            },
            { key: 'lines', label: t('cycle.tab.lines'), children: <LinesTab cycleId={cycle.id} summaryRows={summaryRows} communeFixed={cycle.communeCode !== null} /> },
            { key: 'history', label: t('cycle.tab.history'), children: <HistoryTab cycle={cycle} /> },
          ]}
        />
      </Card>
    </>
  );
}
