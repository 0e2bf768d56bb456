import { TrophyOutlined } from '@ant-design/icons';
import { Card, Progress, Skeleton, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { DataTable } from '../../components/DataTable';
import { formatInteger, formatMonth, formatPercent } from '../../format';
import { useTargetText } from '../reports/ShareCell';
import type { MonthlyReport, MonthlyRow } from '../reports/types';
import { useDashboardTexts } from './texts';

interface Ranked {
  rank: number;
  row: MonthlyRow & { cashlessShare: number };
}

/**
 * The communes in the order of how far they stand above (or below) their target; those without a
 * target come last, by their share. A tie keeps the larger share first, then the name.
 */
export function rankAgainstTargets(rows: readonly MonthlyRow[]): Ranked[] {
  // how far above (or below) its target a commune stands, in percent of the target's measure
  const margin = (row: MonthlyRow & { cashlessShare: number }) =>
    row.target?.pct != null
      ? row.cashlessShare * 100 - row.target.pct
      : row.target?.people != null
        ? (row.cashlessPeople / row.target.people - 1) * 100
        : Number.NEGATIVE_INFINITY;
  return rows
    .filter((row): row is MonthlyRow & { cashlessShare: number } => row.cashlessShare !== null)
    .sort((a, b) => margin(b) - margin(a) || b.cashlessShare - a.cashlessShare || (a.name ?? '').localeCompare(b.name ?? '', 'vi'))
    .map((row, index) => ({ rank: index + 1, row }));
}

/** Tổng quan of a province: its communes ranked against their cashless targets, from this month's report. */
export function TargetRanking({ provinceCode, month }: { provinceCode: string; month: string }) {
  const t = useDashboardTexts();
  const targetText = useTargetText();
  const report = useApiData<MonthlyReport>('/api/v1/reports/monthly', { month, unit: provinceCode });
  const ranked = rankAgainstTargets(report.data?.rows ?? []);
  const withTarget = ranked.filter(({ row }) => row.target !== null && row.target.met !== null);
  const met = withTarget.filter(({ row }) => row.target?.met).length;
  return (
    <Card
      title={
        <Space>
          <TrophyOutlined />
          {t('ranking.title', { month: formatMonth(month) })}
        </Space>
      }
      extra={
        <Link to="/reports">
          {t('links.reports')} →
        </Link>
      }
      style={{ marginBottom: 16 }}
      data-testid="target-ranking"
    >
      <Typography.Paragraph type="secondary">{t('ranking.help')}</Typography.Paragraph>
      {report.error ? (
        <Typography.Text type="secondary">{errorMessage(report.error)}</Typography.Text>
      ) : !report.data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : ranked.length === 0 ? (
        <Typography.Text type="secondary">{t('ranking.none')}</Typography.Text>
      ) : (
        <>
          {withTarget.length > 0 && (
            <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
              {t('ranking.summary', { met, total: withTarget.length })}
            </Typography.Text>
          )}
          <DataTable<Ranked>
            rowKey={({ row }) => row.unit ?? ''}
            size="small"
            pageSize={10}
            dataSource={ranked}
            columns={[
              { key: 'rank', title: t('ranking.rank'), width: 64, align: 'right', render: (_: unknown, { rank }) => formatInteger(rank) },
              { key: 'commune', title: t('ranking.commune'), render: (_: unknown, { row }) => row.name ?? row.unit },
              {
                key: 'share',
                title: t('ranking.share'),
                width: 240,
                render: (_: unknown, { row }) => (
                  <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                    <Progress
                      percent={Math.round(row.cashlessShare * 1000) / 10}
                      size="small"
                      format={() => formatPercent(row.cashlessShare)}
                      strokeColor={row.target?.met === false ? '#fa8c16' : row.target?.met ? '#389e0d' : undefined}
                    />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('ranking.people', { cashless: formatInteger(row.cashlessPeople), paid: formatInteger(row.paid.people) })}
                    </Typography.Text>
                  </Space>
                ),
              },
              { key: 'target', title: t('ranking.target'), align: 'right', render: (_: unknown, { row }) => (row.target ? targetText(row.target) : '—') },
              {
                key: 'met',
                title: t('ranking.result'),
                render: (_: unknown, { row }) =>
                  !row.target || row.target.met === null ? (
                    <Tag>{t('ranking.noTarget')}</Tag>
                  ) : row.target.met ? (
                    <Tag color="success">{t('ranking.met')}</Tag>
                  ) : (
                    <Tag color="error">{t('ranking.below')}</Tag>
                  ),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
