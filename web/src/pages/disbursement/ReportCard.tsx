import { FileExcelOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Space, Statistic, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { DataTable } from '../../components/DataTable';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { formatInteger } from '../../format';
import { useI18n, useLabel } from '../../language';
import { formatVnd, parseVnd, sumVnd, type Vnd } from '../../money';
import { CodeTag } from '../common/CodeTags';
import { PersonCell } from '../payroll/shared';
import { accountReasons, itemStatusColors, itemStatusNames, ledgerCheckNames, reasonText } from './labels';
import { useDisbursementTexts } from './texts';
import type { FailedItem, LedgerCheck, ReconciliationReport, ReconciliationRow } from './types';

interface OutcomeTotal {
  outcome: ReconciliationRow['outcome'];
  items: number;
  amountVnd: bigint;
}

const outcomeOrder: ReconciliationRow['outcome'][] = ['PAID', 'FAILED', 'RETURNED', 'ON_HOLD', 'NONE'];

function totalsBy<K extends string>(rows: ReconciliationRow[], key: (row: ReconciliationRow) => K): Map<K, { items: number; amountVnd: bigint }> {
  const map = new Map<K, { items: number; amountVnd: bigint }>();
  for (const row of rows) {
    const entry = map.get(key(row)) ?? { items: 0, amountVnd: 0n };
    entry.items += row.items;
    entry.amountVnd += parseVnd(row.amountVnd);
    map.set(key(row), entry);
  }
  return map;
}

/** What happens to an unpaid item: carried over, cash in this cycle, account re-verified, termination proposed. */
function NextSteps({ item }: { item: FailedItem }) {
  const t = useDisbursementTexts();
  const steps: { text: string; color: string }[] = [];
  if (item.outcome === 'ON_HOLD') steps.push({ text: t('report.next.hold'), color: 'gold' });
  else if (item.replacedBy) steps.push({ text: t('report.next.cashBy', { reference: item.replacedBy }), color: 'orange' });
  else if (item.followUp === 'CASH_SAME_CYCLE') steps.push({ text: t('report.next.cash'), color: 'orange' });
  else steps.push({ text: t('report.next.carryOver'), color: 'blue' });
  if (item.reasonCode && accountReasons.includes(item.reasonCode)) steps.push({ text: t('report.next.reverify'), color: 'purple' });
  if (item.reasonCode === 'MD07') steps.push({ text: t('report.next.deceased'), color: 'red' });
  return (
    <Space orientation="vertical" size={4}>
      {steps.map((step) => (
        <Tag key={step.text} color={step.color} style={{ whiteSpace: 'normal' }}>
          {step.text}
        </Tag>
      ))}
    </Space>
  );
}

/** The reconciliation of a cycle: outcomes, per provider, the unpaid items and their next step, the XLSX. */
export function ReportCard({
  cycleId,
  report,
  loading,
  providerNames,
}: {
  cycleId: number;
  report: ReconciliationReport | undefined;
  loading: boolean;
  providerNames: ReadonlyMap<string, string>;
}) {
  const t = useDisbursementTexts();
  const label = useLabel();
  const { language } = useI18n();
  const rows = report?.rows ?? [];
  const byOutcome = totalsBy(rows, (row) => row.outcome);
  const outcomes: OutcomeTotal[] = outcomeOrder.filter((outcome) => byOutcome.has(outcome)).map((outcome) => ({ outcome, ...byOutcome.get(outcome)! }));
  const providers = [...new Set(rows.map((row) => row.providerCode))];
  const providerRows = providers.map((providerCode) => {
    const own = rows.filter((row) => row.providerCode === providerCode);
    const sum = (outcome: ReconciliationRow['outcome']) => sumVnd(own.filter((row) => row.outcome === outcome).map((row) => row.amountVnd));
    return {
      providerCode,
      items: own.reduce((total, row) => total + row.items, 0),
      paid: sum('PAID'),
      failed: sum('FAILED') + sum('ON_HOLD'),
      returned: sum('RETURNED'),
      outstanding: sum('NONE'),
    };
  });

  const failedColumns: TableColumnsType<FailedItem> = [
    {
      title: t('report.person'),
      key: 'person',
      render: (_value, item) => (
        <PersonCell personalId={item.personalId} fullName={item.fullName} detail={`${item.endToEndId} · ${providerNames.get(item.providerCode) ?? item.providerCode}`} />
      ),
    },
    {
      title: t('report.outcome'),
      key: 'outcome',
      render: (_value, item) => (
        <span>
          <CodeTag code={item.outcome} names={itemStatusNames} colors={itemStatusColors} />
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12 }} title={item.reasonCode ?? undefined}>
            {reasonText(item.reasonCode, language)}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('report.amount'), dataIndex: 'amountVnd', align: 'right', render: (value: Vnd) => <Money value={value} /> },
    { title: t('report.next'), key: 'next', render: (_value, item) => <NextSteps item={item} /> },
  ];

  return (
    <Card
      title={t('report.title')}
      style={{ marginBottom: 16 }}
      data-testid="reconciliation-report"
      extra={
        <DownloadButton path={`/api/v1/disbursement/cycles/${cycleId}/report.xlsx`} icon={<FileExcelOutlined />}>
          {t('report.xlsx')}
        </DownloadButton>
      }
    >
      {!loading && rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.empty')} />
      ) : (
        <>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
            {outcomes.map((entry) => (
              <Col key={entry.outcome} xs={12} md={8} xl={4}>
                <Card size="small">
                  <Statistic
                    title={entry.outcome === 'NONE' ? t('report.outstanding') : label(itemStatusNames, entry.outcome)}
                    value={formatInteger(entry.items)}
                    styles={{ content: { fontSize: 20, color: entry.outcome === 'PAID' ? '#389e0d' : entry.outcome === 'FAILED' ? '#cf1322' : undefined } }}
                  />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatVnd(entry.amountVnd)}
                  </Typography.Text>
                </Card>
              </Col>
            ))}
          </Row>
          <Typography.Title level={5}>{t('report.byProvider')}</Typography.Title>
          <DataTable
            rowKey="providerCode"
            size="small"
            dataSource={providerRows}
            loading={loading}
            minWidth={760}
            style={{ marginBottom: 16 }}
            columns={[
              { title: t('batches.provider'), dataIndex: 'providerCode', render: (code: string) => providerNames.get(code) ?? code },
              { title: t('report.items'), dataIndex: 'items', align: 'right', render: (value: number) => formatInteger(value) },
              { title: t('ledger.paid'), dataIndex: 'paid', align: 'right', render: (value: bigint) => <Money value={value} /> },
              { title: t('ledger.failed'), dataIndex: 'failed', align: 'right', render: (value: bigint) => <Money value={value} type={value ? 'danger' : undefined} /> },
              { title: t('ledger.returned'), dataIndex: 'returned', align: 'right', render: (value: bigint) => <Money value={value} /> },
              { title: t('report.outstanding'), dataIndex: 'outstanding', align: 'right', render: (value: bigint) => <Money value={value} /> },
            ]}
          />
          <Typography.Title level={5}>{t('report.failedTitle')}</Typography.Title>
          {report && report.failed.length === 0 ? (
            <Typography.Text type="secondary">{t('report.noFailed')}</Typography.Text>
          ) : (
            <DataTable<FailedItem>
              rowKey="endToEndId"
              size="small"
              dataSource={report?.failed ?? []}
              columns={failedColumns}
              loading={loading}
              minWidth={860}
              pageSize={10}
              data-testid="failed-items"
            />
          )}
        </>
      )}
    </Card>
  );
}

/** Re-derives the balances and compares them with the double-entry ledger; `bare` drops the card frame. */
export function LedgerCard({ cycleId, providerNames, bare = false }: { cycleId: number; providerNames: ReadonlyMap<string, string>; bare?: boolean }) {
  const t = useDisbursementTexts();
  const label = useLabel();
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<LedgerCheck>();
  const [error, setError] = useState<string>();

  async function check() {
    setChecking(true);
    setError(undefined);
    try {
      setResult(await api.get<LedgerCheck>('/api/v1/ledger/check', { cycle: cycleId }));
    } catch (failure) {
      setResult(undefined);
      setError(errorMessage(failure));
    } finally {
      setChecking(false);
    }
  }

  const button = (
    <Button icon={<SafetyCertificateOutlined />} loading={checking} onClick={() => void check()} data-testid="ledger-check">
      {t('ledger.button')}
    </Button>
  );
  const content = (
    <>
      <Typography.Paragraph type="secondary">{t('ledger.help')}</Typography.Paragraph>
      <ErrorAlert error={error} style={{ marginBottom: 0 }} />
      {result && (
        <div data-testid="ledger-result">
          {result.ok ? (
            <Alert type="success" showIcon title={t('ledger.ok')} description={t('ledger.okDetail')} style={{ marginBottom: 12 }} />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t('ledger.broken', { count: result.problems.length })}
              style={{ marginBottom: 12 }}
              description={
                <DataTable
                  rowKey={(problem) => `${problem.check}:${problem.providerCode ?? ''}`}
                  size="small"
                  dataSource={result.problems}
                  columns={[
                    { title: t('ledger.check'), dataIndex: 'check', render: (value: string) => label(ledgerCheckNames, value) },
                    { title: t('batches.provider'), dataIndex: 'providerCode', render: (value?: string) => (value ? (providerNames.get(value) ?? value) : '—') },
                    { title: t('ledger.expected'), dataIndex: 'expected', align: 'right', render: (value: Vnd) => <Money value={value} /> },
                    { title: t('ledger.actual'), dataIndex: 'actual', align: 'right', render: (value: Vnd) => <Money value={value} /> },
                  ]}
                />
              }
            />
          )}
          {result.providers.length > 0 && (
            <DataTable
              rowKey="providerCode"
              size="small"
              dataSource={result.providers}
              minWidth={760}
              columns={[
                { title: t('batches.provider'), dataIndex: 'providerCode', render: (code: string) => providerNames.get(code) ?? code },
                { title: t('ledger.dispatched'), dataIndex: 'dispatchedVnd', align: 'right', render: (value: Vnd) => <Money value={value} /> },
                { title: t('ledger.paid'), dataIndex: 'paidVnd', align: 'right', render: (value: Vnd) => <Money value={value} /> },
                { title: t('ledger.returned'), dataIndex: 'returnedVnd', align: 'right', render: (value: Vnd) => <Money value={value} /> },
                { title: t('ledger.failed'), dataIndex: 'failedVnd', align: 'right', render: (value: Vnd) => <Money value={value} /> },
                { title: t('ledger.outstanding'), dataIndex: 'outstandingVnd', align: 'right', render: (value: Vnd) => <Money value={value} /> },
              ]}
            />
          )}
        </div>
      )}
    </>
  );
  if (bare) {
    return (
      <div>
        {button}
        <div style={{ marginTop: 12 }}>{content}</div>
      </div>
    );
  }
  return (
    <Card title={t('ledger.title')} style={{ marginBottom: 16 }} extra={button}>
      {content}
    </Card>
  );
}
