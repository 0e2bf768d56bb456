import { Alert, Button, Card, Col, Empty, Flex, Row, Skeleton, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { isRouteMissing } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { useSession } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RefreshButton } from '../../components/RefreshButton';
import { formatDate } from '../../format';
import { useI18n } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import { formatVnd } from '../../money';
import { CyclePicker } from '../payroll/CyclePicker';
import { CycleStatusTag } from '../payroll/shared';
import { payingStatuses, type Cycle } from '../payroll/types';
import { BatchesCard } from './BatchesCard';
import { CashConfirmation } from './CashConfirmation';
import { UploadCard } from './ReconcileResult';
import { LedgerCard, ReportCard } from './ReportCard';
import { usePayableCycles } from './payableCycles';
import { useDisbursementTexts } from './texts';
import type { Batch, ReconciliationReport } from './types';

function CycleFacts({ cycle }: { cycle: Cycle }) {
  const t = useDisbursementTexts();
  return (
    <Space size={16} wrap>
      <CycleStatusTag status={cycle.status} />
      <span>
        <Typography.Text type="secondary">{t('cycle.total')}: </Typography.Text>
        <Typography.Text strong>{formatVnd(cycle.totalVnd)}</Typography.Text>
      </span>
      {cycle.fundedReference && <Typography.Text type="secondary">{t('cycle.funded', { reference: cycle.fundedReference, date: formatDate(cycle.fundedDate) })}</Typography.Text>}
      <Link to={`/payroll?cycle=${cycle.id}`}>{t('cycle.openList')}</Link>
    </Space>
  );
}

/** Everything about paying one funded cycle; `refreshes` counts the page's "Làm mới" clicks. */
function CycleDisbursement({ cycle, refreshes, onCycleChanged }: { cycle: Cycle; refreshes: number; onCycleChanged(): void }) {
  const t = useDisbursementTexts();
  const { can, user } = useSession();
  const provider = user.role === 'provider';
  // The province's list pays all its communes: the province hands it over and reconciles it; a
  // commune's officer reads their commune's results in the reports and organises its cash points.
  const provincesList = !provider && user.scopeLevel === 'commune' && cycle.communeCode === null;
  const batches = useApiData<Batch[]>(provincesList ? null : `/api/v1/disbursement/cycles/${cycle.id}/batches`);
  const hasBatches = (batches.data ?? []).length > 0;
  const providerNames = new Map((batches.data ?? []).map((batch) => [batch.providerCode, batch.providerName ?? batch.providerCode]));
  const report = useApiData<ReconciliationReport>(hasBatches && !provider ? `/api/v1/disbursement/cycles/${cycle.id}/report` : null);
  const refresh = () => {
    batches.reload();
    report.reload();
    onCycleChanged();
  };
  // The page's refresh also reloads the batches and the report: results arrive from the
  // providers' callbacks while the page is open.
  const { reload: reloadBatches } = batches;
  const { reload: reloadReport } = report;
  useEffect(() => {
    if (refreshes === 0) return;
    reloadBatches();
    reloadReport();
  }, [refreshes, reloadBatches, reloadReport]);

  if (provincesList) {
    return (
      <Alert
        type="info"
        showIcon
        title={t('page.provinceList')}
        description={
          <Space wrap>
            <Link to="/reports">{t('page.provinceListReports')}</Link>
            <Link to={`/cash-points?cycle=${cycle.id}`}>{t('page.provinceListCash')}</Link>
          </Space>
        }
        data-testid="province-list"
      />
    );
  }
  if (batches.error && isRouteMissing(batches.error)) {
    return <Alert type="warning" showIcon title={t('page.routeMissing')} description={batches.error.message} data-testid="disbursement-missing" />;
  }
  return (
    <>
      <ErrorAlert error={batches.error} />
      {/* The agent's own work first: its cash payments to confirm, the first rows within a 1366×768 screen. */}
      {provider && can('disbursement.confirmCash') && hasBatches && <CashConfirmation cycle={cycle} providerCode={user.providerCode} onSent={refresh} />}
      <BatchesCard cycle={cycle} batches={batches.data ?? []} loading={batches.loading} onChanged={refresh} />
      {!provider && can('disbursement.confirmCash') && hasBatches && <CashConfirmation cycle={cycle} providerCode={user.providerCode} onSent={refresh} />}
      {hasBatches && (
        <Row gutter={[16, 0]}>
          {can('reconciliation.ingest') && (
            <Col xs={24} xxl={provider ? 24 : 12}>
              <UploadCard
                cycleId={cycle.id}
                providers={[...providerNames].map(([code, name]) => ({ code, name }))}
                ownProvider={provider ? user.providerCode : null}
                onApplied={refresh}
              />
            </Col>
          )}
          {can('reports.read') && (
            <Col xs={24} xxl={12}>
              <LedgerCard cycleId={cycle.id} providerNames={providerNames} />
            </Col>
          )}
        </Row>
      )}
      {hasBatches && !provider && <ReportCard cycleId={cycle.id} report={report.data} loading={report.loading} providerNames={providerNames} />}
    </>
  );
}

/**
 * Chi trả & đối soát: pick a funded cycle; batches, files and hand-over, sending and polling,
 * result files, the reconciliation report and the ledger check. A payment-provider agent sees the
 * same cycle through their own batches and confirms cash payments.
 */
export default function DisbursementModule() {
  const t = useDisbursementTexts();
  const { t: shell } = useI18n();
  const { user } = useSession();
  const { locality } = useLocality();
  const provider = user.role === 'provider';
  const cycles = usePayableCycles(provider ? payingStatuses : undefined);
  const [refreshes, setRefreshes] = useState(0);

  return (
    <>
      <PageHeader
        title={shell('menu.disbursement')}
        subtitle={provider ? t('page.providerSubtitle', { provider: user.fullName || user.providerCode || '' }) : t('page.subtitle', { locality: localityLabel(locality, shell('common.national')) })}
        extra={
          <RefreshButton
            onClick={() => {
              cycles.reload();
              setRefreshes((count) => count + 1);
            }}
          />
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={16} wrap align="center">
          <Typography.Text strong>{t('cycle.label')}</Typography.Text>
          <CyclePicker cycles={cycles.rows} value={cycles.selected?.id} onChange={cycles.select} loading={cycles.loading} label={t('cycle.label')} placeholder={t('cycle.placeholder')} testId="disbursement-cycle" />
          {cycles.selected && <CycleFacts cycle={cycles.selected} />}
        </Flex>
      </Card>
      <ErrorAlert error={cycles.error} />
      {cycles.loading && !cycles.data ? (
        <Skeleton active />
      ) : cycles.selected ? (
        <CycleDisbursement key={cycles.selected.id} cycle={cycles.selected} refreshes={refreshes} onCycleChanged={cycles.reload} />
      ) : (
        <Card>
          <Empty
            description={
              <>
                <Typography.Paragraph style={{ marginBottom: 4 }}>{provider ? t('cash.noCycle') : t('cycle.none')}</Typography.Paragraph>
                <Typography.Text type="secondary">{t('cycle.noneHint')}</Typography.Text>
              </>
            }
          >
            {!provider && (
              <Link to="/payroll">
                <Button>{shell('menu.payroll')}</Button>
              </Link>
            )}
          </Empty>
        </Card>
      )}
    </>
  );
}
