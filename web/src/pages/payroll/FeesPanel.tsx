import { Alert, Table, Typography, type TableColumnsType } from 'antd';
import { useApiData } from '../../api/useApiData';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { formatDate, formatInteger } from '../../format';
import { useFeesTexts } from '../fees/texts';
import type { CycleFees } from '../fees/types';

interface ProviderRow {
  providerCode: string;
  providerName: string | null;
  payments: number;
  amountVnd: CycleFees['amountVnd'];
  vatVnd: CycleFees['vatVnd'];
  feeVnd: CycleFees['totalVnd'];
}

/**
 * The cycle's payment service fees per provider (and per batch once there are batches), under the
 * Treasury summary the approver sees: what the paying agency pays the providers on top of the
 * total, never deducted from it. The server computes every fee (GET …/fees), in the viewer's area.
 */
export function FeesPanel({ cycleId }: { cycleId: number }) {
  const t = useFeesTexts();
  const fees = useApiData<CycleFees>(`/api/v1/payroll/cycles/${cycleId}/fees`);
  if (fees.error) return <ErrorAlert error={fees.error} />;
  const data = fees.data;
  const rows: ProviderRow[] = data ? Object.entries(data.byProvider).map(([providerCode, sums]) => ({ providerCode, ...sums })) : [];
  const columns: TableColumnsType<ProviderRow> = [
    {
      title: t('fees.provider'),
      key: 'provider',
      render: (_v, row) => (
        <span>
          {row.providerName ?? row.providerCode} <Typography.Text type="secondary">({row.providerCode})</Typography.Text>
        </span>
      ),
    },
    { title: t('cycleFees.payments'), dataIndex: 'payments', align: 'right', render: (value: number) => formatInteger(value) },
    { title: t('cycleFees.amount'), dataIndex: 'amountVnd', align: 'right', render: (value: ProviderRow['amountVnd']) => <Money value={value} /> },
    { title: t('cycleFees.vat'), dataIndex: 'vatVnd', align: 'right', render: (value: ProviderRow['vatVnd']) => <Money value={value} /> },
    { title: t('cycleFees.fee'), dataIndex: 'feeVnd', align: 'right', render: (value: ProviderRow['feeVnd']) => <Money value={value} strong /> },
  ];
  return (
    <section style={{ marginTop: 24 }} data-testid="cycle-fees">
      <Typography.Title level={5}>{t('cycleFees.title')}</Typography.Title>
      {data && (
        <Typography.Paragraph type="secondary">
          {t('cycleFees.help', { date: formatDate(data.feeDate), basis: t(data.basis === 'items' ? 'cycleFees.basis.items' : 'cycleFees.basis.lines') })}
        </Typography.Paragraph>
      )}
      {data && data.unpricedPayments > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('cycleFees.unpriced', { count: formatInteger(data.unpricedPayments) })} />
      )}
      <DataTable<ProviderRow>
        rowKey="providerCode"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={fees.loading}
        minWidth={640}
        summary={() =>
          data ? (
            <Table.Summary fixed>
              <Table.Summary.Row style={{ background: '#f0f5ff' }}>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>{t('cycleFees.total')}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <Typography.Text strong>{formatInteger(data.payments)}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Money value={data.amountVnd} strong />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <Money value={data.vatVnd} strong />
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  <Money value={data.totalVnd} strong testId="cycle-fees-total" />
                </Table.Summary.Cell>
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      {data && data.byBatch.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('cycleFees.batches')}
          </Typography.Title>
          <DataTable<CycleFees['byBatch'][number]>
            rowKey="batchId"
            size="small"
            minWidth={640}
            dataSource={data.byBatch}
            columns={[
              { title: t('cycleFees.batch'), dataIndex: 'messageId' },
              { title: t('cycleFees.payments'), dataIndex: 'payments', align: 'right', render: (value: number) => formatInteger(value) },
              { title: t('cycleFees.amount'), dataIndex: 'amountVnd', align: 'right', render: (value: ProviderRow['amountVnd']) => <Money value={value} /> },
              { title: t('cycleFees.fee'), dataIndex: 'feeVnd', align: 'right', render: (value: ProviderRow['feeVnd']) => <Money value={value} /> },
            ]}
          />
        </>
      )}
    </section>
  );
}
