import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Input, Radio, Segmented, Select, Space, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useApiData, useApiLoad } from '../../api/useApiData';
import { DataTable } from '../../components/DataTable';
import { Money } from '../../components/Money';
import { formatInteger } from '../../format';
import { useI18n, useLabel } from '../../language';
import { formatVnd, parseVnd, sumVnd, type Vnd } from '../../money';
import { matchesFolded } from '../../text';
import { useUnitNames } from '../../units';
import { CodeTag } from '../common/CodeTags';
import { SearchBox } from '../common/SearchBox';
import { CorrectButton, PendingCorrections, ProposeCorrectionDialog, type CorrectableItem } from './CashCorrections';
import { CashListsMenu } from './CashLists';
import { ReconcileResult } from './ReconcileResult';
import { cashResultNames, itemStatusColors, itemStatusNames, reasonText } from './labels';
import { useDisbursementTexts, type DisbursementTextKey } from './texts';
import type { Cycle } from '../payroll/types';
import type { CashConfirmation as Confirmation, CashCorrection, CashResult, ReconcileReport } from './types';

const cashChannels = ['TIEN_MAT', 'TAI_NHA'];
const results: CashResult[] = ['PAID_SELF', 'PAID_REPRESENTATIVE', 'NOT_FOUND', 'REFUSED', 'DECEASED'];
const openStatuses = ['SENT', 'ACKNOWLEDGED', 'ON_HOLD'];

interface CashItem {
  endToEndId: string;
  fullName: string;
  personalId: string;
  communeCode: string;
  channel: string;
  representativeName: string | null;
  amount: bigint;
  status: string;
  reason: string | null;
  final: boolean;
}

interface Entry {
  result?: CashResult;
  date?: Dayjs;
  receiptNumber?: string;
  note?: string;
}

/** A payment of the cycle as GET /api/v1/disbursement/cycles/:id/items lists it. */
interface ItemRow {
  id: number;
  endToEndId: string;
  fullName: string;
  personalId: string;
  communeCode: string;
  channel: string;
  providerCode: string;
  amountVnd: Vnd;
  representativeName: string | null;
  transmission: string;
  outcome: string;
  reasonCode: string | null;
  isFinal: boolean;
}

const itemsPageSize = 5000;

/**
 * The provider's cash payments of a cycle, from the cycle's payments (not its lines): a cash
 * payment that replaces a failed transfer (CASH_SAME_CYCLE) pays a line whose own channel is the
 * account's, and is the agent's all the same. Status: the outcome once there is one, else the
 * transmission (as a line's status).
 */
function useCashItems(cycleId: number, providerCode: string | null) {
  const result = useApiLoad(`${cycleId}:${providerCode}`, async (signal) => {
    const items: CashItem[] = [];
    for (const channel of cashChannels) {
      let after = 0;
      for (;;) {
        const page = await api.get<ItemRow[]>(
          `/api/v1/disbursement/cycles/${cycleId}/items`,
          { channel, provider: providerCode ?? undefined, after: after || undefined, limit: itemsPageSize },
          signal,
        );
        for (const item of page) {
          items.push({
            endToEndId: item.endToEndId,
            fullName: item.fullName,
            personalId: item.personalId,
            communeCode: item.communeCode,
            channel: item.channel,
            representativeName: item.representativeName,
            amount: parseVnd(item.amountVnd),
            status: item.outcome === 'NONE' ? item.transmission : item.outcome,
            reason: item.reasonCode,
            final: item.isFinal,
          });
        }
        if (page.length < itemsPageSize) break;
        after = page[page.length - 1]!.id;
      }
    }
    return items;
  });
  return { items: result.data ?? null, error: result.error ?? null, loading: result.loading, reload: result.reload };
}

/**
 * The payment-provider agent's screen (VNPost): the cash list of their batches, a result per person
 * — paid to the beneficiary or to the authorised person (with date and receipt number), not found,
 * refused, deceased — sent in one request for many people. The date and receipt number sit under
 * the result in the same cell, so the row fits a 1366-pixel screen without scrolling sideways. A
 * confirmed result is corrected by a proposal another agent confirms (CashCorrections.tsx); the
 * lists to print (per payment point and home-delivery round) are in the card's header.
 */
export function CashConfirmation({ cycle, providerCode, onSent }: { cycle: Cycle; providerCode: string | null; onSent(): void }) {
  const cycleId = cycle.id;
  const t = useDisbursementTexts();
  const label = useLabel();
  const { language } = useI18n();
  const { message } = App.useApp();
  const { items, error, loading, reload } = useCashItems(cycleId, providerCode);
  const unitNames = useUnitNames((items ?? []).map((item) => item.communeCode));
  const [entries, setEntries] = useState<Record<string, Entry>>({});
  const [filter, setFilter] = useState<'open' | 'done' | 'all'>('open');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkResult, setBulkResult] = useState<CashResult>();
  const [defaultDate, setDefaultDate] = useState<Dayjs>(dayjs());
  const [sending, setSending] = useState(false);
  const [report, setReport] = useState<ReconcileReport>();
  const [submitError, setSubmitError] = useState<string>();
  const [correcting, setCorrecting] = useState<CorrectableItem>();
  const corrections = useApiData<CashCorrection[]>(`/api/v1/disbursement/cycles/${cycleId}/cash-corrections`, { status: 'PENDING' });
  const waiting = new Set((corrections.data ?? []).map((correction) => correction.endToEndId));

  const all = useMemo(() => items ?? [], [items]);
  const notHandedOver = all.filter((item) => item.status === 'PENDING').length;
  const rows = all.filter((item) => {
    const done = item.final;
    if (filter === 'open' && (done || !openStatuses.includes(item.status))) return false;
    if (filter === 'done' && !done) return false;
    const query = search.trim();
    return !query || matchesFolded(item.fullName, query) || item.endToEndId.includes(query.toUpperCase()) || matchesFolded(item.representativeName ?? '', query);
  });

  const update = (endToEndId: string, change: Partial<Entry>) => setEntries((previous) => ({ ...previous, [endToEndId]: { ...previous[endToEndId], ...change } }));
  const chosen = Object.entries(entries).filter(([, entry]) => entry.result);
  const chosenAmount = sumVnd(chosen.map(([endToEndId]) => all.find((item) => item.endToEndId === endToEndId)?.amount ?? 0n));
  const missingReceipts = chosen.filter(([, entry]) => (entry.result === 'PAID_SELF' || entry.result === 'PAID_REPRESENTATIVE') && !entry.receiptNumber?.trim()).length;

  async function submit() {
    setSending(true);
    setSubmitError(undefined);
    const confirmations: Confirmation[] = chosen.map(([endToEndId, entry]) => ({
      endToEndId,
      result: entry.result!,
      date: (entry.date ?? defaultDate).format('YYYY-MM-DD'),
      receiptNumber: entry.receiptNumber?.trim() || undefined,
      note: entry.note?.trim() || undefined,
    }));
    try {
      const result = await api.post<ReconcileReport>(`/api/v1/disbursement/cycles/${cycleId}/cash-confirmations`, { confirmations });
      setReport(result);
      setEntries({});
      setSelected([]);
      message.success(t('cash.sent', { count: formatInteger(confirmations.length) }));
      reload();
      onSent();
    } catch (failure) {
      setSubmitError(errorMessage(failure));
    } finally {
      setSending(false);
    }
  }

  const communes = new Set(all.map((item) => item.communeCode));
  const columns: TableColumnsType<CashItem> = [
    {
      title: t('cash.person'),
      key: 'person',
      width: 240,
      fixed: 'left',
      render: (_value, item) => (
        <span>
          <Typography.Text strong>{item.fullName}</Typography.Text>
          <br />
          <Typography.Text type="secondary" style={{ fontSize: 12, fontFamily: 'monospace' }}>
            {item.endToEndId}
          </Typography.Text>
          {communes.size > 1 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              · {unitNames.get(item.communeCode) ?? item.communeCode}
            </Typography.Text>
          )}
          {item.representativeName && (
            <>
              <br />
              <Typography.Text style={{ fontSize: 12 }}>
                {t('cash.representative')}: {item.representativeName}
              </Typography.Text>
            </>
          )}
        </span>
      ),
    },
    {
      title: t('cash.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 150,
      render: (value: bigint, item) => (
        <span>
          <Money value={value} strong />
          <br />
          <CodeTag code={item.status} names={itemStatusNames} colors={itemStatusColors} style={{ marginInlineEnd: 0, marginTop: 4 }} />
          {item.reason && (
            <>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }} title={item.reason}>
                {reasonText(item.reason, language)}
              </Typography.Text>
            </>
          )}
        </span>
      ),
    },
    {
      title: t('cash.result'),
      key: 'result',
      width: 430,
      render: (_value, item) => {
        if (item.final) {
          return <CorrectButton item={item} waiting={waiting.has(item.endToEndId)} onClick={() => setCorrecting(item)} />;
        }
        const disabled = !openStatuses.includes(item.status);
        const entry = entries[item.endToEndId];
        const paid = entry?.result === 'PAID_SELF' || entry?.result === 'PAID_REPRESENTATIVE';
        return (
          <Flex vertical gap={6} align="start">
            <Radio.Group
              size="small"
              optionType="button"
              buttonStyle="solid"
              disabled={disabled}
              value={entry?.result}
              onChange={(event) => update(item.endToEndId, { result: event.target.value as CashResult })}
              data-testid={`cash-result-${item.endToEndId}`}
              style={{ whiteSpace: 'nowrap' }}
              options={results.map((result) => ({
                value: result,
                label: (
                  <Tooltip title={label(cashResultNames, result)}>
                    <span>{t(`cash.short.${result}` as DisbursementTextKey)}</span>
                  </Tooltip>
                ),
              }))}
            />
            {entry?.result && (
              <Space size={4}>
                <DatePicker size="small" format="DD/MM/YYYY" allowClear={false} value={entry.date ?? defaultDate} onChange={(date) => update(item.endToEndId, { date: date ?? undefined })} style={{ width: 118 }} aria-label={t('cash.date')} />
                {paid ? (
                  <Input
                    size="small"
                    placeholder={t('cash.receipt')}
                    maxLength={50}
                    status={entry.receiptNumber?.trim() ? undefined : 'warning'}
                    value={entry.receiptNumber}
                    onChange={(event) => update(item.endToEndId, { receiptNumber: event.target.value })}
                    style={{ width: 180 }}
                    aria-label={t('cash.receipt')}
                  />
                ) : (
                  <Input size="small" placeholder={t('cash.note')} maxLength={500} value={entry.note} onChange={(event) => update(item.endToEndId, { note: event.target.value })} style={{ width: 180 }} aria-label={t('cash.note')} />
                )}
              </Space>
            )}
          </Flex>
        );
      },
    },
  ];

  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;

  return (
    <Card title={t('cash.title')} extra={providerCode ? <CashListsMenu cycle={cycle} /> : undefined} style={{ marginBottom: 16 }} data-testid="cash-confirmation">
      <Typography.Paragraph type="secondary">{t('cash.help')}</Typography.Paragraph>
      <PendingCorrections
        corrections={corrections.data ?? []}
        onDecided={() => {
          corrections.reload();
          reload();
          onSent();
        }}
      />
      {notHandedOver > 0 && <Alert type="warning" showIcon title={t('cash.notHandedOver', { count: formatInteger(notHandedOver) })} style={{ marginBottom: 12 }} />}
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        <Segmented<'open' | 'done' | 'all'>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'open', label: t('cash.filter.open') },
            { value: 'done', label: t('cash.filter.done') },
            { value: 'all', label: t('cash.filter.all') },
          ]}
        />
        <SearchBox placeholder={t('cash.search')} style={{ width: 260 }} onSearch={setSearch} />
        {selected.length > 0 && (
          <Space.Compact>
            <Select<CashResult>
              placeholder={t('cash.bulkApply', { count: selected.length })}
              style={{ width: 300 }}
              value={bulkResult}
              onChange={setBulkResult}
              options={results.map((result) => ({ value: result, label: label(cashResultNames, result) }))}
            />
            <Button
              disabled={!bulkResult}
              onClick={() => {
                if (!bulkResult) return;
                setEntries((previous) => {
                  const next = { ...previous };
                  for (const endToEndId of selected) next[endToEndId] = { ...next[endToEndId], result: bulkResult };
                  return next;
                });
                setSelected([]);
                setBulkResult(undefined);
              }}
            >
              OK
            </Button>
          </Space.Compact>
        )}
      </Flex>
      <Flex
        justify="space-between"
        align="center"
        wrap
        gap={12}
        style={{ background: '#f6f9ff', border: '1px solid #d6e4ff', borderRadius: 6, padding: '8px 12px', marginBottom: 12 }}
      >
        <Space wrap>
          <Typography.Text strong>{t('cash.pending', { count: formatInteger(chosen.length), amount: formatVnd(chosenAmount) })}</Typography.Text>
          {missingReceipts > 0 && <Typography.Text type="warning">{t('cash.receiptRequired', { count: formatInteger(missingReceipts) })}</Typography.Text>}
        </Space>
        <Space wrap>
          <Typography.Text type="secondary">{t('cash.defaultDate')}</Typography.Text>
          <DatePicker format="DD/MM/YYYY" allowClear={false} value={defaultDate} onChange={(date) => date && setDefaultDate(date)} />
          <Button disabled={chosen.length === 0} onClick={() => setEntries({})}>
            {t('cash.clear')}
          </Button>
          <Button type="primary" icon={<SendOutlined />} disabled={chosen.length === 0 || missingReceipts > 0} loading={sending} onClick={() => void submit()} data-testid="cash-submit">
            {t('cash.submit', { count: formatInteger(chosen.length) })}
          </Button>
        </Space>
      </Flex>
      <DataTable<CashItem>
        rowKey="endToEndId"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        minWidth={860}
        pageSize={25}
        showTotal={(total) => formatInteger(total)}
        locale={{ emptyText: loading ? t('cash.loading') : t('cash.none') }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String)),
          getCheckboxProps: (item) => ({ disabled: item.final || !openStatuses.includes(item.status) }),
        }}
      />
      {submitError && <Alert type="error" showIcon title={submitError} style={{ marginTop: 12 }} />}
      {report && <ReconcileResult report={report} onClose={() => setReport(undefined)} />}
      {correcting && (
        <ProposeCorrectionDialog
          cycleId={cycleId}
          item={correcting}
          onClose={() => setCorrecting(undefined)}
          onProposed={() => {
            setCorrecting(undefined);
            corrections.reload();
          }}
        />
      )}
    </Card>
  );
}
