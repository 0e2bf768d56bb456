import { AuditOutlined, BarChartOutlined, DollarOutlined, FileExcelOutlined, FileDoneOutlined, FlagOutlined, SwapOutlined } from '@ant-design/icons';
import { Avatar, Card, Col, Flex, Row, Segmented, Skeleton, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useApiData } from '../../api/useApiData';
import { useSession } from '../../auth';
import { AuditVerifyButton, AuditVerifyOutcome, useAuditVerify } from '../../components/AuditVerify';
import { DownloadButton } from '../../components/DownloadButton';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import { colors } from '../../theme';
import { useCampaignTexts } from '../campaign/texts';
import type { ProgrammeGroup } from '../campaign/types';
import { LedgerCard } from '../disbursement/ReportCard';
import type { Batch } from '../disbursement/types';
import { CyclePicker, useLocalityCycles } from '../payroll/CyclePicker';
import { ExportMenu } from '../payroll/ExportMenu';
import { FeesPanel } from '../payroll/FeesPanel';
import { payingStatuses, type Cycle, type SummaryResponse } from '../payroll/types';
import { MonthlyResults } from './MonthlyResults';
import type { UnitStep } from './ShareCell';
import { useReportsTexts } from './texts';

function Section({ title, icon, help, children, testId }: { title: string; icon: ReactNode; help: string; children: ReactNode; testId?: string }) {
  return (
    <Card style={{ height: '100%' }} data-testid={testId}>
      <Flex gap={12} align="center" style={{ marginBottom: 8 }}>
        <Avatar shape="square" icon={icon} style={{ background: '#e8f0fb', color: colors.primary, flex: 'none' }} />
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
      </Flex>
      <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>
      {children}
    </Card>
  );
}

function PayrollExports({ cycles }: { cycles: Cycle[] }) {
  const t = useReportsTexts();
  const [chosen, setChosen] = useState<number>();
  const cycle = cycles.find((candidate) => candidate.id === chosen) ?? cycles[0];
  const summary = useApiData<SummaryResponse>(cycle && !cycle.communeCode ? `/api/v1/payroll/cycles/${cycle.id}/summary` : null);
  if (!cycle) return <Typography.Text type="secondary">{t('payroll.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('payroll.cycle')}</Typography.Text>
      <CyclePicker cycles={cycles} value={cycle.id} onChange={setChosen} label={t('payroll.cycle')} style={{ width: '100%', maxWidth: 520 }} />
      <ExportMenu cycle={cycle} summaryRows={summary.data?.rows ?? []} />
    </Space>
  );
}

function ReconciliationExports({ cycles }: { cycles: Cycle[] }) {
  const t = useReportsTexts();
  const [chosen, setChosen] = useState<number>();
  const cycle = cycles.find((candidate) => candidate.id === chosen) ?? cycles[0];
  const batches = useApiData<Batch[]>(cycle ? `/api/v1/disbursement/cycles/${cycle.id}/batches` : null);
  const providerNames = new Map((batches.data ?? []).map((batch) => [batch.providerCode, batch.providerName ?? batch.providerCode]));
  if (!cycle) return <Typography.Text type="secondary">{t('reconciliation.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('payroll.cycle')}</Typography.Text>
      <CyclePicker cycles={cycles} value={cycle.id} onChange={setChosen} label={t('payroll.cycle')} style={{ width: '100%', maxWidth: 520 }} />
      <Space wrap>
        <DownloadButton path={`/api/v1/disbursement/cycles/${cycle.id}/report.xlsx`} icon={<FileExcelOutlined />}>
          {t('reconciliation.xlsx')}
        </DownloadButton>
        <Link to={`/disbursement?cycle=${cycle.id}`}>{t('reconciliation.open')} →</Link>
      </Space>
      <LedgerCard key={cycle.id} cycleId={cycle.id} providerNames={providerNames} bare />
    </Space>
  );
}

/** The payment service fees of a cycle (what the paying agency pays the providers), with its XLSX report. */
function FeeReports({ cycles }: { cycles: Cycle[] }) {
  const t = useReportsTexts();
  const [chosen, setChosen] = useState<number>();
  const cycle = cycles.find((candidate) => candidate.id === chosen) ?? cycles[0];
  if (!cycle) return <Typography.Text type="secondary">{t('payroll.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('payroll.cycle')}</Typography.Text>
      <CyclePicker cycles={cycles} value={cycle.id} onChange={setChosen} label={t('payroll.cycle')} style={{ width: '100%', maxWidth: 520 }} />
      <DownloadButton path={`/api/v1/payroll/cycles/${cycle.id}/fees.xlsx`} icon={<FileExcelOutlined />}>
        {t('fees.xlsx')}
      </DownloadButton>
      <FeesPanel key={cycle.id} cycleId={cycle.id} />
    </Space>
  );
}

/** Báo cáo: the files officers print, send and sign, and the checks an auditor runs. */
export default function ReportsModule() {
  const t = useReportsTexts();
  const campaign = useCampaignTexts();
  const { t: shell } = useI18n();
  const { can } = useSession();
  const { locality, loading, unitCode } = useLocality();
  const [group, setGroup] = useState<ProgrammeGroup>('ALL');
  const verification = useAuditVerify();
  const own = useLocalityCycles().rows;
  const paying = own.filter((cycle) => payingStatuses.includes(cycle.status));
  const unit = locality.commune?.code ?? locality.province?.code;
  const localUnit = locality.commune ?? locality.province;
  // Until the user's own unit is loaded the report would be asked for the whole country (refused to them).
  const home: UnitStep = unitCode ? { code: unitCode, name: localUnit?.nameWithType ?? unitCode } : { code: 'VN', name: t('monthly.country') };

  return (
    <>
      <PageHeader title={shell('menu.reports')} subtitle={t('page.subtitle', { locality: localityLabel(locality, shell('common.national')) })} />
      <Row gutter={[16, 16]}>
        {can('reports.read') && (
          <Col xs={24}>
            <Section title={t('monthly.title')} icon={<BarChartOutlined />} help={t('monthly.help')} testId="report-monthly">
              {loading ? <Skeleton active /> : <MonthlyResults key={home.code} home={home} />}
            </Section>
          </Col>
        )}
        {can('payroll.read') && (
          <Col xs={24} xl={12}>
            <Section title={t('payroll.title')} icon={<FileDoneOutlined />} help={t('payroll.help')} testId="report-payroll">
              <PayrollExports key={locality.commune?.code ?? locality.province?.code ?? 'all'} cycles={own} />
            </Section>
          </Col>
        )}
        <Col xs={24} xl={12}>
          <Section title={t('campaign.title')} icon={<FlagOutlined />} help={t('campaign.help')} testId="report-campaign">
            <Space orientation="vertical">
              <Typography.Text type="secondary">{t('campaign.group')}</Typography.Text>
              <Segmented<ProgrammeGroup> value={group} onChange={setGroup} options={(['ALL', 'SOCIAL', 'NCC'] as const).map((value) => ({ value, label: campaign(`group.${value}`) }))} />
              <DownloadButton path="/api/v1/campaign/dashboard.xlsx" query={{ unit, group }} icon={<FileExcelOutlined />}>
                {t('campaign.xlsx')}
              </DownloadButton>
            </Space>
          </Section>
        </Col>
        {can('payroll.read') && (
          <Col xs={24} xl={12}>
            <Section title={t('reconciliation.title')} icon={<SwapOutlined />} help={t('reconciliation.help')} testId="report-reconciliation">
              <ReconciliationExports key={locality.commune?.code ?? locality.province?.code ?? 'all'} cycles={paying} />
            </Section>
          </Col>
        )}
        {can('payroll.read') && (
          <Col xs={24} xl={12}>
            <Section title={t('fees.title')} icon={<DollarOutlined />} help={t('fees.help')} testId="report-fees">
              <FeeReports key={locality.commune?.code ?? locality.province?.code ?? 'all'} cycles={own} />
            </Section>
          </Col>
        )}
        {(can('audit.verify') || can('audit.read')) && (
          <Col xs={24} xl={12}>
            <Section title={t('audit.title')} icon={<AuditOutlined />} help={t('audit.help')} testId="report-audit">
              <AuditVerifyOutcome outcome={verification.outcome} onClose={verification.clear} />
              <Space wrap>
                {can('audit.verify') && <AuditVerifyButton checking={verification.checking} onClick={() => void verification.verify()} />}
                {can('audit.read') && <Link to="/audit">{t('audit.open')} →</Link>}
              </Space>
            </Section>
          </Col>
        )}
      </Row>
    </>
  );
}
