import { AimOutlined, FileExcelOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Breadcrumb, Button, Card, Col, Empty, Flex, Progress, Row, Segmented, Space, Statistic, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { useSession } from '../../auth';
import { DataTable } from '../../components/DataTable';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RefreshButton } from '../../components/RefreshButton';
import { formatInteger, formatMonth } from '../../format';
import { useI18n, useLabel } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import type { UnitResponse } from '../../types';
import { CashPeople } from './CashPeople';
import { percentText, ShareChart } from './ShareChart';
import { TargetDialog } from './TargetDialog';
import { campaignStages, stageColors, stageNames, useCampaignTexts } from './texts';
import type { CampaignDashboard, ProgrammeGroup, ShareRow } from './types';

/** The target that applies to the whole view: the commune's, or one shared by every row. */
function scopeTarget(rows: ShareRow[], commune: boolean): { pct: number; period: string | null } | null {
  if (rows.length === 0) return null;
  if (commune) return rows[0]!.targetPct === null ? null : { pct: rows[0]!.targetPct, period: rows[0]!.targetPeriod };
  const first = rows[0]!;
  if (first.targetPct === null) return null;
  return rows.every((row) => row.targetPct === first.targetPct && row.targetPeriod === first.targetPeriod) ? { pct: first.targetPct, period: first.targetPeriod } : null;
}

function ShareBar({ row }: { row: ShareRow }) {
  const color = row.meetsTarget === null ? '#1a5fb4' : row.meetsTarget ? '#389e0d' : '#fa8c16';
  return (
    <div style={{ position: 'relative', minWidth: 140 }}>
      <Progress percent={row.sharePct} showInfo={false} strokeColor={color} size="small" />
      {row.targetPct !== null && (
        <span style={{ position: 'absolute', top: 2, bottom: 6, left: `${Math.min(row.targetPct, 100)}%`, width: 2, background: '#cf1322' }} aria-hidden />
      )}
    </div>
  );
}

function Stages({ stages }: { stages: Record<string, number> }) {
  const label = useLabel();
  const entries = campaignStages.filter((stage) => stages[stage]);
  if (entries.length === 0) return null;
  return (
    <Flex gap={4} wrap>
      {entries.map((stage) => (
        <Tag key={stage} color={stageColors[stage]} style={{ marginInlineEnd: 0 }}>
          {label(stageNames, stage)}: {formatInteger(stages[stage]!)}
        </Tag>
      ))}
    </Flex>
  );
}

/**
 * Chiến dịch không dùng tiền mặt: the share of beneficiaries paid through an account against the
 * targets, per province or commune (bars and table), the group switch, drill-down to a commune and
 * the people still on cash with their campaign stage; targets for those allowed; XLSX.
 */
export default function CampaignModule() {
  const t = useCampaignTexts();
  const { t: shell } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const { locality, fixed, setProvince, setCommune } = useLocality();
  const [group, setGroup] = useState<ProgrammeGroup>('ALL');
  const [targeting, setTargeting] = useState(false);
  const unit = locality.commune?.code ?? locality.province?.code;
  const dashboard = useApiData<CampaignDashboard>('/api/v1/campaign/dashboard', { unit, group });
  const rows = dashboard.data?.rows ?? [];
  const total = dashboard.data?.total;
  const communeLevel = Boolean(locality.commune);
  const target = scopeTarget(rows, communeLevel);
  const needed = target && total ? Math.max(0, Math.ceil((target.pct * total.beneficiaries) / 100) - total.withAccount) : 0;

  async function open(row: ShareRow) {
    if (row.level === 'commune' && communeLevel) return;
    try {
      const { unit: chosen } = await api.get<UnitResponse>(`/api/v1/units/${row.unitCode}`);
      if (row.level === 'province') setProvince(chosen);
      else setCommune(chosen);
    } catch (error) {
      message.error(errorMessage(error));
    }
  }

  const crumbs = [
    ...(!fixed.province ? [{ key: 'national', title: locality.province ? <a onClick={() => setProvince(null)}>{t('breadcrumb.national')}</a> : t('breadcrumb.national') }] : []),
    ...(locality.province
      ? [{ key: 'province', title: locality.commune && !fixed.commune ? <a onClick={() => setCommune(null)}>{locality.province.nameWithType}</a> : locality.province.nameWithType }]
      : []),
    ...(locality.commune ? [{ key: 'commune', title: locality.commune.nameWithType }] : []),
  ];

  const columns: TableColumnsType<ShareRow> = [
    { title: t('table.unit'), dataIndex: 'unitName', render: (name: string, row) => (communeLevel ? name : <a onClick={() => void open(row)}>{name}</a>) },
    { title: t('table.beneficiaries'), dataIndex: 'beneficiaries', align: 'right', width: 110, render: (value: number) => formatInteger(value) },
    { title: t('table.withAccount'), dataIndex: 'withAccount', align: 'right', width: 110, render: (value: number) => formatInteger(value) },
    {
      title: t('table.share'),
      key: 'share',
      width: 220,
      render: (_value, row) => (
        <Flex gap={8} align="center">
          <Typography.Text strong style={{ width: 56, textAlign: 'right', flex: 'none' }}>
            {percentText(row.sharePct)}
          </Typography.Text>
          <ShareBar row={row} />
        </Flex>
      ),
    },
    {
      title: t('table.target'),
      key: 'target',
      width: 130,
      render: (_value, row) =>
        row.targetPct === null ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <span>
            {percentText(row.targetPct, 0)}
            {row.targetPeriod && <Typography.Text type="secondary" style={{ fontSize: 12 }}> ({formatMonth(row.targetPeriod)})</Typography.Text>}
          </span>
        ),
    },
    {
      title: t('table.result'),
      dataIndex: 'meetsTarget',
      width: 110,
      render: (meets: boolean | null) => (meets === null ? null : meets ? <Tag color="success">{t('summary.meets')}</Tag> : <Tag color="warning">{t('summary.below')}</Tag>),
    },
    { title: t('table.stages'), key: 'stages', render: (_value, row) => <Stages stages={row.stages} /> },
    ...(communeLevel
      ? []
      : [
          {
            key: 'open',
            width: 110,
            render: (_value: unknown, row: ShareRow) => (
              <Button type="link" size="small" onClick={() => void open(row)}>
                {t('table.open')} <RightOutlined />
              </Button>
            ),
          },
        ]),
  ];

  const targetUnits = [
    ...(locality.commune ? [{ code: locality.commune.code, name: locality.commune.nameWithType }] : []),
    ...(!locality.commune && locality.province ? [{ code: locality.province.code, name: locality.province.nameWithType }] : []),
    ...(!locality.commune ? rows.map((row) => ({ code: row.unitCode, name: row.unitName })) : []),
  ];

  return (
    <>
      <PageHeader
        title={shell('menu.campaign')}
        subtitle={t('page.subtitle', { locality: localityLabel(locality, shell('common.national')) })}
        extra={
          <>
            <RefreshButton onClick={dashboard.reload} compact />
            <DownloadButton path="/api/v1/campaign/dashboard.xlsx" query={{ unit, group }} icon={<FileExcelOutlined />}>
              {t('export')}
            </DownloadButton>
            {can('campaign.targets') && targetUnits.length > 0 && (
              <Button type="primary" icon={<AimOutlined />} onClick={() => setTargeting(true)}>
                {t('targets.button')}
              </Button>
            )}
          </>
        }
      />
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Breadcrumb items={crumbs} />
        <Segmented<ProgrammeGroup>
          value={group}
          onChange={setGroup}
          data-testid="campaign-group"
          options={(['ALL', 'SOCIAL', 'NCC'] as const).map((value) => ({ value, label: t(`group.${value}`) }))}
        />
      </Flex>
      <ErrorAlert error={dashboard.error} />
      {total && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="campaign-summary">
          <Col xs={12} lg={5}>
            <Card style={{ height: '100%' }}>
              <Statistic title={t('summary.beneficiaries')} value={formatInteger(total.beneficiaries)} />
            </Card>
          </Col>
          <Col xs={12} lg={5}>
            <Card style={{ height: '100%' }}>
              <Statistic title={t('summary.withAccount')} value={formatInteger(total.withAccount)} styles={{ content: { color: '#389e0d' } }} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('summary.onCash')}: {formatInteger(total.beneficiaries - total.withAccount)}
              </Typography.Text>
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card style={{ height: '100%' }}>
              <Flex gap={24} align="center" wrap>
                <Progress
                  type="dashboard"
                  percent={total.sharePct}
                  size={110}
                  strokeColor={target ? (total.sharePct >= target.pct ? '#389e0d' : '#fa8c16') : '#1a5fb4'}
                  format={() => percentText(total.sharePct)}
                />
                <div style={{ flex: 1, minWidth: 220 }}>
                  <Typography.Text type="secondary">{t('summary.share')}</Typography.Text>
                  <Typography.Title level={4} style={{ margin: '2px 0 4px' }}>
                    {formatInteger(total.withAccount)}/{formatInteger(total.beneficiaries)} = {percentText(total.sharePct)}
                  </Typography.Title>
                  {target ? (
                    <Space orientation="vertical" size={2}>
                      <Space wrap>
                        <Typography.Text>{t('summary.target', { target: percentText(target.pct, 0), period: target.period ? formatMonth(target.period) : '—' })}</Typography.Text>
                        {total.sharePct >= target.pct ? <Tag color="success">{t('summary.meets')}</Tag> : <Tag color="warning">{t('summary.below')}</Tag>}
                      </Space>
                      {needed > 0 && <Typography.Text type="warning">{t('summary.gap', { count: formatInteger(needed) })}</Typography.Text>}
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">{t('summary.noTarget')}</Typography.Text>
                  )}
                </div>
              </Flex>
            </Card>
          </Col>
          <Col span={24}>
            <Card size="small" title={t('summary.stages')}>
              {Object.keys(total.stages).length > 0 ? <Stages stages={total.stages} /> : <Typography.Text type="secondary">{t('summary.noStages')}</Typography.Text>}
            </Card>
          </Col>
        </Row>
      )}
      {!communeLevel && (
        <Card title={t('chart.title')} style={{ marginBottom: 16 }} extra={<Typography.Text type="secondary">{t('chart.hint')}</Typography.Text>}>
          {rows.length > 0 ? <ShareChart rows={rows} onOpen={(row) => void open(row)} /> : <Empty description={dashboard.loading ? shell('common.loading') : t('table.empty')} />}
        </Card>
      )}
      <Card styles={{ body: { padding: 0 } }} style={{ marginBottom: 16 }}>
        <DataTable<ShareRow>
          rowKey="unitCode"
          columns={columns}
          dataSource={rows}
          loading={dashboard.loading}
          pageSize={20}
          minWidth={1000}
          locale={{ emptyText: t('table.empty') }}
          data-testid="campaign-table"
        />
      </Card>
      {locality.commune ? (
        <CashPeople communeCode={locality.commune.code} communeName={locality.commune.nameWithType} onChanged={dashboard.reload} />
      ) : (
        locality.province && <Alert type="info" showIcon title={t('cash.pickCommune')} />
      )}
      <TargetDialog
        open={targeting}
        units={targetUnits}
        defaultUnit={targetUnits[0]?.code}
        group={group}
        onClose={() => setTargeting(false)}
        onSaved={() => {
          setTargeting(false);
          dashboard.reload();
        }}
      />
    </>
  );
}
