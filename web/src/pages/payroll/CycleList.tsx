import { PlusOutlined, ToolOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Empty, Flex, Row, Space, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { PageHeader } from '../../components/PageHeader';
import { RefreshButton } from '../../components/RefreshButton';
import { formatDateTime, formatInteger, formatMonth } from '../../format';
import { useI18n, useLabel } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import type { Vnd } from '../../money';
import { FilterSelect } from '../common/FilterSelect';
import { useLocalityCycles } from './CyclePicker';
import { DeadlinesCard } from './DeadlinesCard';
import { GenerateDialog } from './GenerateDialog';
import { cycleStatusNames } from './labels';
import { CycleStatusTag, useProgrammeLabel } from './shared';
import { useOperationsTexts } from './operations.texts';
import { usePayrollTexts } from './texts';
import { cycleStatuses, type Cycle, type CycleStatus } from './types';

/** The cycles of the chosen locality, newest month first, and "Lập danh sách". */
export function CycleList() {
  const t = usePayrollTexts();
  const operations = useOperationsTexts();
  const { t: shell } = useI18n();
  const label = useLabel();
  const programmeLabel = useProgrammeLabel();
  const { can } = useSession();
  const { locality } = useLocality();
  const navigate = useNavigate();
  const [month, setMonth] = useState<Dayjs | null>(null);
  const [status, setStatus] = useState<CycleStatus>();
  const [generating, setGenerating] = useState(false);
  const cycles = useLocalityCycles(undefined, { month: month?.format('YYYY-MM'), status });
  const rows = cycles.rows;
  const open = (cycle: Pick<Cycle, 'id'>) => navigate(`/payroll?cycle=${cycle.id}`);

  const columns: TableColumnsType<Cycle> = [
    {
      title: t('list.month'),
      dataIndex: 'month',
      width: 130,
      render: (value: string, cycle) => (
        <Space size={4} wrap>
          <Typography.Text strong>{formatMonth(value)}</Typography.Text>
          {cycle.monthsCount > 1 && <Tag color="magenta">{t('list.twoMonths')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('list.locality'),
      key: 'locality',
      render: (_value, cycle) => (
        <span>
          {cycle.unitName ?? cycle.communeCode ?? cycle.provinceCode}
          {cycle.scopeLevel === 'province' && <Typography.Text type="secondary"> ({t('list.provinceWide')})</Typography.Text>}
        </span>
      ),
    },
    { title: t('list.programme'), dataIndex: 'programme', render: (value: string | null) => programmeLabel(value) },
    { title: t('list.status'), dataIndex: 'status', width: 150, render: (value: CycleStatus) => <CycleStatusTag status={value} /> },
    { title: t('list.lines'), dataIndex: 'lineCount', align: 'right', width: 100, render: (value: number) => formatInteger(value) },
    { title: t('list.total'), dataIndex: 'totalVnd', align: 'right', width: 170, render: (value: Vnd) => <Money value={value} strong /> },
    {
      title: t('list.preparedBy'),
      key: 'by',
      width: 200,
      render: (_value, cycle) => (
        <span>
          {cycle.generatedBy}
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(cycle.generatedAt)}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'open',
      width: 80,
      render: (_value, cycle) => (
        <Button type="link" onClick={() => open(cycle)}>
          {t('list.open')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={shell('menu.payroll')}
        subtitle={t('list.subtitle', { locality: localityLabel(locality, shell('common.national')) })}
        extra={
          <>
            <RefreshButton onClick={cycles.reload} />
            <Button icon={<ToolOutlined />} onClick={() => navigate('/payroll?view=operations')}>
              {operations('ops.open')}
            </Button>
            {can('payroll.prepare') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setGenerating(true)}>
                {t('list.generate')}
              </Button>
            )}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={15}>
          <ErrorAlert error={cycles.error} />
          <Card styles={{ body: { padding: 0 } }}>
            <Flex gap={8} wrap align="center" style={{ padding: 12 }}>
              <DatePicker picker="month" format="MM/YYYY" value={month} onChange={setMonth} placeholder={t('list.anyMonth')} aria-label={t('list.month')} />
              <FilterSelect<CycleStatus>
                label={t('list.status')}
                placeholder={t('list.allStatuses')}
                width={200}
                value={status}
                onChange={setStatus}
                options={cycleStatuses.map((value) => ({ value, label: label(cycleStatusNames, value) }))}
              />
            </Flex>
            <DataTable<Cycle>
              rowKey="id"
              columns={columns}
              dataSource={rows}
              loading={cycles.loading}
              minWidth={1000}
              onRow={(cycle) => ({
                onClick: (event) => {
                  // Buttons and links in the row do their own thing.
                  if (!(event.target as HTMLElement).closest('button, a')) open(cycle);
                },
                style: { cursor: 'pointer' },
              })}
              pageSize={20}
              showTotal={(total) => t('list.count', { count: total })}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={
                      <>
                        <Typography.Paragraph style={{ marginBottom: 4 }}>{t('list.empty')}</Typography.Paragraph>
                        <Typography.Text type="secondary">{t('list.emptyHint')}</Typography.Text>
                      </>
                    }
                  >
                    {can('payroll.prepare') && (
                      <Button type="primary" icon={<PlusOutlined />} onClick={() => setGenerating(true)}>
                        {t('list.generate')}
                      </Button>
                    )}
                  </Empty>
                ),
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xxl={9}>
          <DeadlinesCard />
        </Col>
      </Row>
      {can('payroll.prepare') && (
        <GenerateDialog
          open={generating}
          onClose={() => setGenerating(false)}
          onGenerated={(cycle) => {
            setGenerating(false);
            open(cycle);
          }}
        />
      )}
    </>
  );
}
