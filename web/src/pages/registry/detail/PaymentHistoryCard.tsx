import { Card, Tag, Typography, type TableColumnsType } from 'antd';
import { useApiData } from '../../../api/useApiData';
import { DataTable } from '../../../components/DataTable';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Money } from '../../../components/Money';
import { formatDate } from '../../../format';
import { useI18n } from '../../../language';
import { vnd } from '../../../money';
import { ChannelTag } from '../../common/CodeTags';
import { reasonText } from '../../disbursement/labels';
import { useRegistryTexts } from '../texts';

interface PaymentRow {
  month: string;
  cycleId: number;
  amountVnd: number;
  channel: string;
  status: 'PAID' | 'FAILED' | 'RETURNED' | 'IN_PROGRESS' | 'NOT_SENT';
  statusText: string;
  statusTextEn: string;
  paidAt: string | null;
  cashPlace: string | null;
  /** Why it failed: ISO 20022 or cash code, worded here in the interface language (the server's `reason` is the beneficiary's SMS wording). */
  reasonCode: string | null;
  next: string | null;
  nextEn: string | null;
}

const statusColors = { PAID: 'green', FAILED: 'red', RETURNED: 'orange', IN_PROGRESS: 'blue', NOT_SENT: 'default' } as const;

/** "Was I paid?" on the person's record: the payments of the last two years, with the reason of a failure and what happens next. */
export function PaymentHistoryCard({ personalId }: { personalId: string }) {
  const t = useRegistryTexts();
  const { language } = useI18n();
  const payments = useApiData<PaymentRow[]>(`/api/v1/beneficiaries/${personalId}/payments`);
  const columns: TableColumnsType<PaymentRow> = [
    { title: t('payments.month'), dataIndex: 'month', width: 90, render: (month: string) => `${month.slice(5)}/${month.slice(0, 4)}` },
    { title: t('payments.amount'), dataIndex: 'amountVnd', align: 'right', width: 130, render: (value: number) => <Money value={vnd(value)} /> },
    { title: t('payments.channel'), dataIndex: 'channel', width: 150, render: (channel: string) => <ChannelTag channel={channel} /> },
    {
      title: t('payments.status'),
      dataIndex: 'status',
      width: 170,
      render: (status: PaymentRow['status'], row) => (
        <>
          <Tag color={statusColors[status]}>{language === 'en' ? row.statusTextEn : row.statusText}</Tag>
          {row.paidAt && <Typography.Text type="secondary">{formatDate(row.paidAt)}</Typography.Text>}
        </>
      ),
    },
    {
      title: t('payments.next'),
      key: 'next',
      render: (_value, row) => (
        <>
          {row.reasonCode && (
            <Typography.Text type="danger" title={row.reasonCode}>
              {reasonText(row.reasonCode, language)}.{' '}
            </Typography.Text>
          )}
          {(language === 'en' ? row.nextEn : row.next) ?? row.cashPlace ?? ''}
        </>
      ),
    },
  ];
  return (
    <Card title={t('payments.title')} size="small" data-testid="payment-history">
      <ErrorAlert error={payments.error} />
      <DataTable<PaymentRow> rowKey="cycleId" size="small" columns={columns} dataSource={payments.data ?? []} loading={payments.loading} pageSize={12} minWidth={640} locale={{ emptyText: t('payments.none') }} />
    </Card>
  );
}
