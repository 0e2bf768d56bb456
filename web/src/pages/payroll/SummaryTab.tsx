import { Table, Typography, type TableColumnsType } from 'antd';
import { DataTable } from '../../components/DataTable';
import { Money } from '../../components/Money';
import { formatInteger } from '../../format';
import { useLabel } from '../../language';
import { sumVnd, vnd, type Vnd } from '../../money';
import { FeesPanel } from './FeesPanel';
import { channelNames } from './labels';
import { usePayrollTexts } from './texts';
import type { SummaryResponse, SummaryRow } from './types';

interface Row extends SummaryRow {
  key: string;
  subtotal?: boolean;
}

/** Rows with a subtotal after each commune when the table covers several communes. */
function withSubtotals(rows: SummaryRow[], subtotalLabel: (commune: string) => string): Row[] {
  const communes = [...new Set(rows.map((row) => row.communeCode))];
  if (communes.length < 2) return rows.map((row) => ({ ...row, key: `${row.communeCode}:${row.channel}:${row.providerCode}` }));
  const result: Row[] = [];
  for (const commune of communes) {
    const own = rows.filter((row) => row.communeCode === commune);
    result.push(...own.map((row) => ({ ...row, key: `${row.communeCode}:${row.channel}:${row.providerCode}` })));
    result.push({
      key: `${commune}:subtotal`,
      subtotal: true,
      communeCode: commune,
      communeName: subtotalLabel(own[0]?.communeName ?? commune),
      channel: '',
      providerCode: '',
      providerName: null,
      persons: own.reduce((sum, row) => sum + row.persons, 0),
      lines: own.reduce((sum, row) => sum + row.lines, 0),
      amountVnd: vnd(sumVnd(own.map((row) => row.amountVnd))),
    });
  }
  return result;
}

/** Bảng tổng hợp: locality × channel × provider, the total and the total in words, as sent to the Treasury. */
export function SummaryTab({ summary }: { summary: SummaryResponse }) {
  const t = usePayrollTexts();
  const label = useLabel();
  const rows = withSubtotals(summary.rows, (commune) => t('summary.subtotal', { commune }));
  const persons = summary.rows.reduce((sum, row) => sum + row.persons, 0);
  const lines = summary.rows.reduce((sum, row) => sum + row.lines, 0);

  const columns: TableColumnsType<Row> = [
    {
      title: t('summary.commune'),
      dataIndex: 'communeName',
      render: (name: string | null, row) => (row.subtotal ? <Typography.Text strong>{name}</Typography.Text> : (name ?? row.communeCode)),
    },
    {
      title: t('summary.channel'),
      dataIndex: 'channel',
      render: (channel: string, row) => (row.subtotal ? null : label(channelNames, channel)),
    },
    {
      title: t('summary.provider'),
      key: 'provider',
      render: (_value, row) =>
        row.subtotal ? null : (
          <span>
            {row.providerName ?? row.providerCode} <Typography.Text type="secondary">({row.providerCode})</Typography.Text>
          </span>
        ),
    },
    { title: t('summary.persons'), dataIndex: 'persons', align: 'right', render: (value: number, row) => <Typography.Text strong={row.subtotal}>{formatInteger(value)}</Typography.Text> },
    { title: t('summary.lines'), dataIndex: 'lines', align: 'right', render: (value: number, row) => <Typography.Text strong={row.subtotal}>{formatInteger(value)}</Typography.Text> },
    {
      title: t('summary.amount'),
      dataIndex: 'amountVnd',
      align: 'right',
      render: (value: Vnd, row) => <Money value={value} strong={row.subtotal} />,
    },
  ];

  return (
    <>
      <DataTable<Row>
        rowKey="key"
        size="middle"
        columns={columns}
        dataSource={rows}
        minWidth={800}
        data-testid="summary-table"
        onRow={(row) => (row.subtotal ? { style: { background: '#fafafa' } } : {})}
        summary={() => (
          <Table.Summary fixed>
            <Table.Summary.Row style={{ background: '#f0f5ff' }}>
              <Table.Summary.Cell index={0} colSpan={3}>
                <Typography.Text strong>{t('summary.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <Typography.Text strong>{formatInteger(persons)}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Typography.Text strong>{formatInteger(lines)}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <Money value={summary.totalVnd} strong testId="summary-total" />
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
      <Typography.Paragraph style={{ marginTop: 12 }} data-testid="summary-in-words">
        <Typography.Text type="secondary">{t('cycle.inWords')}: </Typography.Text>
        <Typography.Text strong italic>
          {summary.totalInWords}.
        </Typography.Text>
      </Typography.Paragraph>
      <FeesPanel cycleId={summary.cycle.id} />
    </>
  );
}
