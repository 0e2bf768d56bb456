import { ClockCircleOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, Space, Switch, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { DataTable } from '../../components/DataTable';
import { formatDate, formatMonth } from '../../format';
import { useLocality } from '../../locality';
import { CycleStatusTag, daysUntil } from './shared';
import { usePayrollTexts } from './texts';
import { fundedStatuses, type CycleStatus, type DeadlineRow } from './types';

const reportedStatuses: readonly CycleStatus[] = ['RECONCILED', 'CLOSED'];

/** A due date with what it means today: done, late, due today, N days left. */
export function DueTag({ due, late, done }: { due: string; late: boolean; done: boolean }) {
  const t = usePayrollTexts();
  const days = daysUntil(due);
  let tag: { color: string; text: string };
  if (done) tag = { color: 'success', text: t('deadlines.done') };
  else if (late || days < 0) tag = { color: 'error', text: t('deadlines.late') };
  else if (days === 0) tag = { color: 'warning', text: t('deadlines.today') };
  else tag = { color: days <= 5 ? 'warning' : 'default', text: t('deadlines.daysLeft', { days }) };
  return (
    <Space size={6} wrap>
      <Typography.Text type={!done && (late || days < 0) ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
        {formatDate(due)}
      </Typography.Text>
      <Tag color={tag.color} style={{ marginInlineEnd: 0 }}>
        {tag.text}
      </Tag>
    </Space>
  );
}

export function deadlineState(row: DeadlineRow) {
  const listDone = row.cycleStatus !== null && fundedStatuses.includes(row.cycleStatus);
  const reportDone = row.cycleStatus !== null && reportedStatuses.includes(row.cycleStatus);
  return {
    listDone,
    reportDone,
    listLate: !listDone && (row.listLate || daysUntil(row.listDue) < 0),
    reportLate: !reportDone && (row.reportLate || daysUntil(row.reportDue) < 0),
    soon: (!listDone && daysUntil(row.listDue) <= 5) || (!reportDone && daysUntil(row.reportDue) <= 5),
  };
}

/** Deadlines of one payment month for the communes of the chosen locality. */
export function useDeadlines(month: string) {
  const { locality } = useLocality();
  const result = useApiData<DeadlineRow[]>('/api/v1/payroll/deadlines', { month });
  const rows = (result.data ?? []).filter((row) => {
    if (locality.commune) return row.communeCode === locality.commune.code;
    if (locality.province) return row.provinceCode === locality.province.code;
    return true;
  });
  return { ...result, rows };
}

function DeadlinesTable({ month, focus }: { month: string; focus: 'list' | 'report' }) {
  const t = usePayrollTexts();
  const { rows, loading, error } = useDeadlines(month);
  const [onlyUrgent, setOnlyUrgent] = useState(false);
  const shown = onlyUrgent ? rows.filter((row) => {
    const state = deadlineState(row);
    return state.listLate || state.reportLate || state.soon;
  }) : rows;
  const lateCount = rows.filter((row) => {
    const state = deadlineState(row);
    return focus === 'list' ? state.listLate : state.reportLate;
  }).length;

  const columns: TableColumnsType<DeadlineRow> = [
    { title: t('deadlines.commune'), dataIndex: 'communeName', render: (name: string, row) => name || row.communeCode },
    {
      title: t('deadlines.cycle'),
      dataIndex: 'cycleStatus',
      render: (status: CycleStatus | null, row) =>
        status && row.cycleId ? (
          <Link to={`/payroll?cycle=${row.cycleId}`}>
            <CycleStatusTag status={status} />
          </Link>
        ) : (
          <Tag>{t('deadlines.noCycle')}</Tag>
        ),
    },
    {
      title: t('deadlines.list'),
      key: 'list',
      render: (_value, row) => {
        const state = deadlineState(row);
        return <DueTag due={row.listDue} late={state.listLate} done={state.listDone} />;
      },
    },
    {
      title: t('deadlines.report'),
      key: 'report',
      render: (_value, row) => {
        const state = deadlineState(row);
        return <DueTag due={row.reportDue} late={state.reportLate} done={state.reportDone} />;
      },
    },
  ];

  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        {lateCount > 0 ? (
          <Typography.Text type="danger" strong>
            {t('deadlines.lateCount', { count: lateCount })}
          </Typography.Text>
        ) : (
          <Typography.Text type="success">{t('deadlines.allOnTime')}</Typography.Text>
        )}
        {rows.length > 5 && (
          <Space size={6}>
            <Switch size="small" checked={onlyUrgent} onChange={setOnlyUrgent} />
            <Typography.Text type="secondary">{t('deadlines.onlyLate')}</Typography.Text>
          </Space>
        )}
      </Flex>
      <DataTable<DeadlineRow>
        rowKey="communeCode"
        size="small"
        columns={columns}
        dataSource={shown}
        loading={loading}
        minWidth={640}
        pageSize={8}
      />
    </>
  );
}

/**
 * What is due and what is late: next month's list (being prepared now) and this month's payment
 * report (DOMAIN §4.3: list and funds before the 25th, report before the 20th, provinces stricter).
 */
export function DeadlinesCard() {
  const t = usePayrollTexts();
  const next = dayjs().add(1, 'month').format('YYYY-MM');
  const current = dayjs().format('YYYY-MM');
  return (
    <Card
      title={
        <Space>
          <ClockCircleOutlined />
          {t('deadlines.title')}
        </Space>
      }
      data-testid="deadlines"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {t('deadlines.rule')}
      </Typography.Paragraph>
      <Tabs
        size="small"
        items={[
          { key: 'next', label: t('deadlines.nextMonth', { month: formatMonth(next) }), children: <DeadlinesTable month={next} focus="list" /> },
          { key: 'current', label: t('deadlines.currentMonth', { month: formatMonth(current) }), children: <DeadlinesTable month={current} focus="report" /> },
        ]}
      />
    </Card>
  );
}
