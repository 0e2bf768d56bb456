import {
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FileDoneOutlined,
  FlagOutlined,
  PieChartOutlined,
  PlusOutlined,
  SafetyCertificateOutlined,
  SearchOutlined,
  SwapOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Card, Col, Flex, Progress, Row, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useApiData } from '../../api/useApiData';
import { useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { formatInteger, formatMonth, formatPct } from '../../format';
import type { MessageKey } from '../../i18n';
import { useI18n } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import { formatVnd } from '../../money';
import { colors } from '../../theme';
import type { CampaignDashboard } from '../campaign/types';
import type { ReconciliationReport } from '../disbursement/types';
import { useLocalityCycles } from '../payroll/CyclePicker';
import { DueTag, deadlineState, useDeadlines } from '../payroll/DeadlinesCard';
import { CycleStatusTag } from '../payroll/shared';
import type { Cycle, CycleStatus } from '../payroll/types';
import { payingStatuses } from '../payroll/types';
import { TargetRanking } from './TargetRanking';
import { useDashboardTexts } from './texts';

/** One figure of the overview: icon, title, the figure, a link to where it is handled. */
function FigureCard({ title, icon, children, link, testId }: { title: string; icon: ReactNode; children: ReactNode; link?: { to: string; text: string }; testId?: string }) {
  return (
    <Card style={{ height: '100%' }} styles={{ body: { height: '100%', display: 'flex', flexDirection: 'column' } }} data-testid={testId}>
      <Flex gap={12} align="center" style={{ marginBottom: 12 }}>
        <Avatar shape="square" icon={icon} style={{ background: '#e8f0fb', color: colors.primary, flex: 'none' }} />
        <Typography.Text strong style={{ lineHeight: 1.35 }}>
          {title}
        </Typography.Text>
      </Flex>
      <div style={{ flex: 1 }}>{children}</div>
      {link && (
        <Link to={link.to} style={{ marginTop: 8 }}>
          {link.text} →
        </Link>
      )}
    </Card>
  );
}

/** What a card shows while its figure is not there: "Không tải được" when the request failed, else a skeleton. */
function Pending({ failed }: { failed: boolean }) {
  const t = useDashboardTexts();
  return failed ? <Typography.Text type="secondary">{t('card.unavailable')}</Typography.Text> : <Skeleton active paragraph={false} />;
}

function Figure({ value, detail }: { value: ReactNode; detail?: ReactNode }) {
  return (
    <>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {value}
      </Typography.Title>
      {detail && <Typography.Text type="secondary">{detail}</Typography.Text>}
    </>
  );
}

function CampaignCards() {
  const t = useDashboardTexts();
  const { locality } = useLocality();
  const unit = locality.commune?.code ?? locality.province?.code;
  const dashboard = useApiData<CampaignDashboard>('/api/v1/campaign/dashboard', { unit });
  const total = dashboard.data?.total;
  const rows = dashboard.data?.rows ?? [];
  // The commune's own target, or the one every row shares (the province's).
  const first = rows[0];
  const target = first && first.targetPct !== null && (locality.commune || rows.every((row) => row.targetPct === first.targetPct)) ? first : null;
  return (
    <>
      <Col xs={24} sm={12} xl={6}>
        <FigureCard title={t('card.beneficiaries')} icon={<TeamOutlined />} testId="card-beneficiaries">
          {total ? (
            <Figure value={formatInteger(total.beneficiaries)} detail={t('card.withAccount', { count: formatInteger(total.withAccount) })} />
          ) : (
            <Pending failed={Boolean(dashboard.error)} />
          )}
        </FigureCard>
      </Col>
      <Col xs={24} sm={12} xl={6}>
        <FigureCard title={t('card.share')} icon={<PieChartOutlined />} link={{ to: '/campaign', text: t('links.campaign') }} testId="card-share">
          {total ? (
            <Flex gap={12} align="center">
              <Progress type="circle" size={64} percent={total.sharePct} format={() => ''} strokeColor={target ? (total.sharePct >= target.targetPct! ? '#389e0d' : '#fa8c16') : colors.primary} />
              <div>
                <Typography.Title level={3} style={{ margin: 0 }}>
                  {formatPct(total.sharePct)}
                </Typography.Title>
                {target ? (
                  <Space size={4} wrap>
                    <Typography.Text type="secondary">{t('card.target', { target: formatPct(target.targetPct!, 0), period: target.targetPeriod ? formatMonth(target.targetPeriod) : '—' })}</Typography.Text>
                    {total.sharePct >= target.targetPct! ? <Tag color="success">{t('card.meets')}</Tag> : <Tag color="warning">{t('card.below')}</Tag>}
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('card.noTarget')}</Typography.Text>
                )}
              </div>
            </Flex>
          ) : (
            <Pending failed={Boolean(dashboard.error)} />
          )}
        </FigureCard>
      </Col>
    </>
  );
}

function statusCounts(cycles: Cycle[]): [CycleStatus, number][] {
  const counts = new Map<CycleStatus, number>();
  for (const cycle of cycles) counts.set(cycle.status, (counts.get(cycle.status) ?? 0) + 1);
  return [...counts.entries()];
}

/** The cycle of a month in the chosen locality, with the deadline that matters now. */
function MonthCard({ month, kind }: { month: string; kind: 'current' | 'next' }) {
  const t = useDashboardTexts();
  const { can } = useSession();
  const cycles = useLocalityCycles(undefined, { month });
  const deadlines = useDeadlines(month);
  const own = cycles.rows;
  const states = deadlines.rows.map((row) => ({ row, state: deadlineState(row) }));
  const late = states.filter(({ state }) => (kind === 'next' ? state.listLate : state.reportLate)).length;
  const first = states[0];
  const single = own.length === 1 ? own[0] : undefined;
  const title = kind === 'next' ? t('card.nextMonth', { month: formatMonth(month) }) : t('card.currentMonth', { month: formatMonth(month) });

  return (
    <FigureCard
      title={title}
      icon={kind === 'next' ? <CalendarOutlined /> : <FileDoneOutlined />}
      testId={`card-${kind}-month`}
      link={single ? { to: `/payroll?cycle=${single.id}`, text: t('card.open') } : { to: '/payroll', text: t('links.payroll') }}
    >
      {cycles.loading && !cycles.data ? (
        <Skeleton active paragraph={false} />
      ) : (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          {own.length === 0 ? (
            <Space wrap>
              <Tag>{t('card.noCycle')}</Tag>
              {kind === 'next' && can('payroll.prepare') && (
                <Link to="/payroll">
                  <Button size="small" type="primary" icon={<PlusOutlined />}>
                    {t('card.prepare')}
                  </Button>
                </Link>
              )}
            </Space>
          ) : single ? (
            <Space wrap>
              <CycleStatusTag status={single.status} />
              <Typography.Text strong>{formatVnd(single.totalVnd)}</Typography.Text>
            </Space>
          ) : (
            <Space wrap size={4}>
              <Typography.Text strong>{t('card.cycles', { count: own.length })}:</Typography.Text>
              {statusCounts(own).map(([status, count]) => (
                <span key={status}>
                  <CycleStatusTag status={status} />
                  {count}
                </span>
              ))}
            </Space>
          )}
          {deadlines.rows.length === 1 && first ? (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {kind === 'next' ? t('card.listDue') : t('card.reportDue')}
              </Typography.Text>
              <br />
              {kind === 'next' ? (
                <DueTag due={first.row.listDue} late={first.state.listLate} done={first.state.listDone} />
              ) : (
                <DueTag due={first.row.reportDue} late={first.state.reportLate} done={first.state.reportDone} />
              )}
            </div>
          ) : late > 0 ? (
            <Typography.Text type="danger" strong>
              {t('card.lateCommunes', { count: late })}
            </Typography.Text>
          ) : null}
        </Space>
      )}
    </FigureCard>
  );
}

function ProposalsCard() {
  const t = useDashboardTexts();
  const { locality } = useLocality();
  const proposals = useApiData<unknown[]>('/api/v1/accounts/proposals', { status: 'PENDING', commune: locality.commune?.code });
  const count = proposals.data?.length ?? 0;
  return (
    <FigureCard title={t('card.proposals')} icon={<BankOutlined />} link={{ to: '/accounts', text: t('links.accounts') }} testId="card-proposals">
      {proposals.data ? (
        count > 0 ? (
          <Figure value={count >= 100 ? '100+' : formatInteger(count)} />
        ) : (
          <Typography.Text type="secondary">{t('card.proposalsNone')}</Typography.Text>
        )
      ) : (
        <Pending failed={Boolean(proposals.error)} />
      )}
    </FigureCard>
  );
}

function ReviewCard() {
  const t = useDashboardTexts();
  const { locality } = useLocality();
  const review = useApiData<{ items: unknown[] }>('/api/v1/review-items', { status: 'OPEN', limit: 1, commune: locality.commune?.code });
  const open = (review.data?.items.length ?? 0) > 0;
  return (
    <FigureCard title={t('card.review')} icon={<SafetyCertificateOutlined />} link={{ to: '/registry', text: t('card.view') }} testId="card-review">
      {review.data ? (
        <Space orientation="vertical" size={4}>
          {open ? <Tag color="warning">{t('card.reviewOpen')}</Tag> : <Tag color="success">{t('card.reviewNone')}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('card.reviewHint')}
          </Typography.Text>
        </Space>
      ) : (
        <Pending failed={Boolean(review.error)} />
      )}
    </FigureCard>
  );
}

function ReconciliationCard() {
  const t = useDashboardTexts();
  const cycles = useLocalityCycles(payingStatuses);
  const latest = cycles.rows[0];
  const report = useApiData<ReconciliationReport>(latest ? `/api/v1/disbursement/cycles/${latest.id}/report` : null);
  const sum = (outcome: string) => (report.data?.rows ?? []).filter((row) => row.outcome === outcome).reduce((total, row) => total + row.items, 0);
  const items = (report.data?.rows ?? []).reduce((total, row) => total + row.items, 0);
  return (
    <FigureCard
      title={t('card.reconciliation')}
      icon={<SwapOutlined />}
      testId="card-reconciliation"
      link={latest ? { to: `/disbursement?cycle=${latest.id}`, text: t('card.view') } : undefined}
    >
      {!latest ? (
        cycles.loading ? (
          <Skeleton active paragraph={false} />
        ) : (
          <Typography.Text type="secondary">{t('card.reconciliationNone')}</Typography.Text>
        )
      ) : report.data ? (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text strong>{formatMonth(latest.month)}</Typography.Text>
            <Typography.Text type="secondary">{latest.unitName}</Typography.Text>
            <CycleStatusTag status={latest.status} />
          </Space>
          <Progress percent={items ? Math.round((sum('PAID') / items) * 1000) / 10 : 0} size="small" format={(value) => `${(value ?? 0).toString().replace('.', ',')}%`} />
          <Typography.Text style={{ fontSize: 13 }}>
            {t('card.paid')}: <b>{formatInteger(sum('PAID'))}</b> · {t('card.failed')}: <b>{formatInteger(sum('FAILED') + sum('RETURNED'))}</b> · {t('card.outstanding')}:{' '}
            <b>{formatInteger(sum('NONE') + sum('ON_HOLD'))}</b>
          </Typography.Text>
        </Space>
      ) : (
        <Pending failed={Boolean(report.error)} />
      )}
    </FigureCard>
  );
}

function QuickLinks() {
  const t = useDashboardTexts();
  const { can, user } = useSession();
  const links: { to: string; text: string; icon: ReactNode; shown: boolean }[] = [
    { to: '/payroll', text: t('links.generate'), icon: <PlusOutlined />, shown: can('payroll.prepare') },
    { to: '/payroll', text: t('links.payroll'), icon: <FileDoneOutlined />, shown: can('payroll.read') && !can('payroll.prepare') },
    { to: '/disbursement', text: user.role === 'provider' ? t('links.cash') : t('links.disbursement'), icon: <SwapOutlined />, shown: can('disbursement.send') || can('disbursement.confirmCash') },
    { to: '/campaign', text: t('links.campaign'), icon: <FlagOutlined />, shown: can('campaign.write') || can('campaign.targets') },
    { to: '/accounts', text: t('links.accounts'), icon: <BankOutlined />, shown: can('accounts.approve') },
    { to: '/registry', text: t('links.registry'), icon: <SearchOutlined />, shown: can('registry.read') },
    { to: '/reports', text: t('links.reports'), icon: <BarChartOutlined />, shown: can('reports.read') },
  ];
  return (
    <Card title={t('links.title')} style={{ marginBottom: 16 }} size="small">
      <Flex gap={8} wrap>
        {links
          .filter((link) => link.shown)
          .map((link) => (
            <Link key={`${link.to}:${link.text}`} to={link.to}>
              <Button icon={link.icon}>{link.text}</Button>
            </Link>
          ))}
      </Flex>
    </Card>
  );
}

const cycleSteps: { title: MessageKey; detail: MessageKey }[] = [
  { title: 'dashboard.step1', detail: 'dashboard.step1.detail' },
  { title: 'dashboard.step2', detail: 'dashboard.step2.detail' },
  { title: 'dashboard.step3', detail: 'dashboard.step3.detail' },
  { title: 'dashboard.step4', detail: 'dashboard.step4.detail' },
  { title: 'dashboard.step5', detail: 'dashboard.step5.detail' },
];

/** The monthly cycle every module serves, as a reminder of where each screen fits. */
function PaymentCycle() {
  const { t } = useI18n();
  return (
    <Card title={t('dashboard.cycle')}>
      <Row gutter={[24, 16]}>
        {cycleSteps.map((step, index) => (
          <Col key={step.title} xs={24} sm={12} lg={8} xxl={{ flex: '1 1 0' }}>
            <Flex gap={12} align="flex-start">
              <Avatar size="small" style={{ background: colors.primary, flex: 'none' }}>
                {index + 1}
              </Avatar>
              <div>
                <Typography.Text strong>{t(step.title)}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t(step.detail)}</Typography.Text>
              </div>
            </Flex>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/**
 * Tổng quan for the locality chosen in the header: beneficiaries and the cashless share against
 * the target, this month's payment and next month's list with their deadlines, what waits for a
 * decision (account proposals, review items), the latest reconciliation, and quick links.
 */
export default function DashboardModule() {
  const { t } = useI18n();
  const { user, can } = useSession();
  const { locality } = useLocality();
  const current = dayjs().format('YYYY-MM');
  const next = dayjs().add(1, 'month').format('YYYY-MM');

  return (
    <>
      <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.greeting', { name: user.fullName || user.username })} />
      <Card style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('dashboard.viewing')}</Typography.Text>
        <Typography.Title level={4} style={{ margin: '4px 0 0' }} data-testid="dashboard-locality">
          {localityLabel(locality, t('common.national'))}
        </Typography.Title>
      </Card>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {can('reports.read') && <CampaignCards />}
        {can('payroll.read') && (
          <>
            <Col xs={24} sm={12} xl={6}>
              <MonthCard month={current} kind="current" />
            </Col>
            <Col xs={24} sm={12} xl={6}>
              <MonthCard month={next} kind="next" />
            </Col>
          </>
        )}
        {can('registry.read') && (
          <>
            <Col xs={24} sm={12} xl={8}>
              <ProposalsCard />
            </Col>
            <Col xs={24} sm={12} xl={8}>
              <ReviewCard />
            </Col>
          </>
        )}
        {can('payroll.read') && (
          <Col xs={24} sm={12} xl={can('registry.read') ? 8 : 12}>
            <ReconciliationCard />
          </Col>
        )}
      </Row>
      {can('reports.read') && locality.province && !locality.commune && <TargetRanking provinceCode={locality.province.code} month={current} />}
      <QuickLinks />
      <PaymentCycle />
    </>
  );
}
