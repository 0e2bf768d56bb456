import { Flex, Input, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useApiData } from '../../api/useApiData';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Money } from '../../components/Money';
import { formatCoefficientX10, formatMonth } from '../../format';
import { useCodeOptions, useI18n, useLabel } from '../../language';
import { formatVnd, type Vnd } from '../../money';
import { CodeTag, ProgrammeTag } from '../common/CodeTags';
import { FilterSelect } from '../common/FilterSelect';
import { KeysetPager, useCursors } from '../common/KeysetPager';
import { providerLabel, useProviders } from '../common/providers';
import { itemStatusColors, itemStatusNames, reasonText } from '../disbursement/labels';
import { categoryNames, channelNames, componentColors, componentNames } from './labels';
import { PersonCell } from './shared';
import { usePayrollTexts } from './texts';
import { lineComponents, type PayrollLine, type SummaryRow } from './types';

const pageSize = 100;

interface Filter {
  commune?: string;
  component?: string;
  personalId?: string;
}

function Breakdown({ line }: { line: PayrollLine }) {
  const t = usePayrollTexts();
  const breakdown = line.breakdown;
  if (!breakdown) return null;
  if (breakdown.baseLevelMultiple) return <>{t('lines.funeral', { multiple: breakdown.baseLevelMultiple })}</>;
  if (breakdown.baseLevelVnd && breakdown.coefficientX10) {
    return <>{t('lines.breakdown', { base: formatVnd(breakdown.baseLevelVnd), coefficient: formatCoefficientX10(breakdown.coefficientX10) })}</>;
  }
  return null;
}

/**
 * Every line of the cycle, a page at a time (the server pages by id): who, which month and
 * component, how much, through which channel, and — once paid — the result with its reason.
 */
export function LinesTab({ cycleId, summaryRows, communeFixed }: { cycleId: number; summaryRows: SummaryRow[]; communeFixed: boolean }) {
  const t = usePayrollTexts();
  const { language } = useI18n();
  const label = useLabel();
  const options = useCodeOptions();
  const providers = useProviders();
  const [filter, setFilter] = useState<Filter>({});
  const cursors = useCursors();
  const [idInput, setIdInput] = useState('');
  const [idError, setIdError] = useState(false);
  const after = cursors.cursor;
  const lines = useApiData<PayrollLine[]>(`/api/v1/payroll/cycles/${cycleId}/lines`, { ...filter, after, limit: pageSize });
  const rows = lines.data ?? [];
  const hasNext = rows.length === pageSize;
  const communes = [...new Map(summaryRows.map((row) => [row.communeCode, row.communeName ?? row.communeCode])).entries()];
  const paid = rows.some((line) => line.endToEndId !== null);

  function apply(next: Filter) {
    setFilter(next);
    cursors.reset();
  }

  const columns: TableColumnsType<PayrollLine> = [
    {
      title: t('lines.person'),
      key: 'person',
      render: (_value, line) => (
        <PersonCell personalId={line.personalId} fullName={line.fullName} />
      ),
    },
    ...(communeFixed ? [] : [{ title: t('lines.commune'), dataIndex: 'communeCode', render: (code: string) => communes.find(([value]) => value === code)?.[1] ?? code }]),
    {
      title: t('lines.category'),
      key: 'category',
      render: (_value, line) => (
        <span>
          <ProgrammeTag programme={line.programme} />
          <Typography.Text style={{ fontSize: 13 }}>{label(categoryNames, line.category)}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('lines.component'),
      dataIndex: 'component',
      width: 170,
      render: (component: string, line) => (
        <Space size={4} wrap>
          <CodeTag code={component} names={componentNames} colors={componentColors} />
          {line.reversed && <Tag color="red">{t('lines.reversed')}</Tag>}
        </Space>
      ),
    },
    { title: t('lines.forMonth'), dataIndex: 'forMonth', width: 90, render: (month: string) => formatMonth(month) },
    {
      title: t('lines.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 140,
      render: (amount: Vnd) => <Money value={amount} strong signed />,
    },
    {
      title: t('lines.payee'),
      key: 'payee',
      render: (_value, line) => (
        <span>
          {label(channelNames, line.channel)}
          {line.provider && line.provider !== 'VNPOST' && (
            <Typography.Text type="secondary" title={line.provider}>
              {' '}
              · {providerLabel(providers.byCode, line.provider)}
            </Typography.Text>
          )}
          {line.accountNumber && <Typography.Text type="secondary"> · {line.accountNumber}</Typography.Text>}
          {line.representativeName && (
            <>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('lines.representative', { name: line.representativeName })}
              </Typography.Text>
            </>
          )}
        </span>
      ),
    },
    ...(paid
      ? [
          {
            title: t('lines.payment'),
            key: 'payment',
            render: (_value: unknown, line: PayrollLine) =>
              line.status ? (
                <span>
                  <CodeTag code={line.status} names={itemStatusNames} colors={itemStatusColors} />
                  {line.reason && (
                    <>
                      <br />
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} title={line.reason}>
                        {reasonText(line.reason, language)}
                      </Typography.Text>
                    </>
                  )}
                </span>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
        {!communeFixed && communes.length > 1 && (
          <FilterSelect label={t('lines.filterCommune')} width={220} value={filter.commune} onChange={(commune) => apply({ ...filter, commune })} options={communes.map(([value, name]) => ({ value, label: name }))} />
        )}
        <FilterSelect label={t('lines.filterComponent')} width={220} value={filter.component} onChange={(component) => apply({ ...filter, component })} options={options(lineComponents, componentNames)} />
        <Input.Search
          allowClear
          placeholder={t('lines.searchId')}
          style={{ width: 240 }}
          value={idInput}
          status={idError ? 'error' : undefined}
          inputMode="numeric"
          maxLength={12}
          onChange={(event) => {
            setIdInput(event.target.value);
            setIdError(false);
            if (!event.target.value) apply({ ...filter, personalId: undefined });
          }}
          onSearch={(value) => {
            const trimmed = value.trim();
            if (trimmed && !/^\d{12}$/.test(trimmed)) {
              setIdError(true);
              return;
            }
            apply({ ...filter, personalId: trimmed || undefined });
          }}
        />
        {idError && <Typography.Text type="danger">{t('lines.searchIdInvalid')}</Typography.Text>}
        <KeysetPager {...cursors.pager(hasNext ? rows.at(-1)!.id : null)} size="small" style={{ flex: 1, padding: 0 }} />
      </Flex>
      <ErrorAlert error={lines.error} style={{ marginBottom: 12 }} />
      <DataTable<PayrollLine>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={lines.loading}
        minWidth={1100}
        data-testid="cycle-lines"
        expandable={{
          rowExpandable: (line) => Boolean(line.breakdown || line.note || line.endToEndId),
          expandedRowRender: (line) => (
            <Space orientation="vertical" size={2}>
              <Breakdown line={line} />
              {line.note && (
                <Typography.Text>
                  {t('lines.note')}: {line.note}
                </Typography.Text>
              )}
              {line.endToEndId && <Typography.Text type="secondary">EndToEndId: {line.endToEndId}</Typography.Text>}
            </Space>
          ),
        }}
      />
    </>
  );
}
