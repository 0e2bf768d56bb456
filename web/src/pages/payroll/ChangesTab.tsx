import { Card, Col, Empty, Flex, Row, Statistic, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { Money } from '../../components/Money';
import { formatCoefficientX10, formatInteger, formatMonth } from '../../format';
import { useI18n, useLabel } from '../../language';
import { formatVnd, parseVnd } from '../../money';
import { matchesFolded } from '../../text';
import { CodeTag, ProgrammeTag } from '../common/CodeTags';
import { providerLabel, useProviders } from '../common/providers';
import { SearchBox } from '../common/SearchBox';
import { categoryNames, changeKindColors, changeKindNames, changeReasonLabel, channelNames, statusReasonNames } from './labels';
import { PersonCell } from './shared';
import { usePayrollTexts } from './texts';
import { changeKinds, type ChangeKind, type ChangeRow, type ChangesResponse } from './types';

/** The reason of a change in words: "Thay đổi hệ số theo tuổi", "Thôi hưởng: chết"… (the server's XLSX says the same). */
export function useChangeReason(): (change: ChangeRow) => string {
  const { language } = useI18n();
  return (change) => changeReasonLabel(change.reason, statusReasonNames, language);
}

/** The server's detail: "10 → 15" (coefficient × 10) or "TIEN_MAT VNPOST → TK_NGAN_HANG 970405 1234", in words. */
function useChangeDetail(): (change: ChangeRow) => string | null {
  const t = usePayrollTexts();
  const label = useLabel();
  const providers = useProviders();
  return (change) => {
    if (!change.detail) return null;
    if (change.kind === 'CONTINUING') return t('changes.paidThrough', { month: formatMonth(change.detail) });
    if (change.kind === 'AMOUNT_CHANGED') {
      const match = /^(\d+) → (\d+)$/.exec(change.detail);
      if (!match) return null;
      if (match[1] === match[2]) return null;
      return t('changes.coefficient', { from: formatCoefficientX10(Number(match[1])), to: formatCoefficientX10(Number(match[2])) });
    }
    if (change.kind === 'ACCOUNT_CHANGED') {
      return change.detail
        .split(' → ')
        .map((side) => {
          const [channel, provider, account] = side.split(' ');
          const payee = [providerLabel(providers.byCode, provider), account && `••${account}`];
          return [label(channelNames, channel), ...payee].filter(Boolean).join(' ');
        })
        .join(' → ');
    }
    return change.detail;
  };
}

const kindStyles: Record<ChangeKind, { color: string }> = {
  NEW: { color: '#389e0d' },
  CONTINUING: { color: '#08979c' },
  STOPPED: { color: '#cf1322' },
  AMOUNT_CHANGED: { color: '#1a5fb4' },
  ACCOUNT_CHANGED: { color: '#722ed1' },
};

/** "Danh sách tăng, giảm, điều chỉnh": this month against last month, with the reason of each change. */
export function ChangesTab({ changes, previousMonth }: { changes: ChangesResponse; previousMonth: string }) {
  const t = usePayrollTexts();
  const label = useLabel();
  const reason = useChangeReason();
  const detail = useChangeDetail();
  const [kind, setKind] = useState<ChangeKind | null>(null);
  const [search, setSearch] = useState('');
  const rows = useMemo(
    () =>
      changes.changes.filter(
        (change) => (kind === null || change.kind === kind) && (!search.trim() || matchesFolded(change.fullName, search) || change.personalId.includes(search.trim())),
      ),
    [changes.changes, kind, search],
  );

  const columns: TableColumnsType<ChangeRow> = [
    {
      title: t('changes.person'),
      key: 'person',
      width: 210,
      fixed: 'left',
      render: (_value, change) => (
        <PersonCell personalId={change.personalId} fullName={change.fullName} />
      ),
    },
    { title: '', dataIndex: 'kind', width: 130, render: (value: ChangeKind) => <CodeTag code={value} names={changeKindNames} colors={changeKindColors} /> },
    {
      title: t('changes.category'),
      key: 'category',
      render: (_value, change) => {
        const current = change.category ?? change.previousCategory;
        const moved = change.previousCategory && change.category && change.previousCategory !== change.category;
        return (
          <span>
            <ProgrammeTag programme={change.programme} />
            {moved ? `${label(categoryNames, change.previousCategory)} → ${label(categoryNames, change.category)}` : label(categoryNames, current)}
          </span>
        );
      },
    },
    {
      title: t('changes.amount'),
      key: 'amount',
      align: 'right',
      width: 200,
      render: (_value, change) => {
        if (change.kind === 'STOPPED') {
          return (
            <Typography.Text delete type="secondary" style={{ whiteSpace: 'nowrap' }}>
              {change.previousAmount === null ? '—' : formatVnd(change.previousAmount)}
            </Typography.Text>
          );
        }
        if (change.kind !== 'AMOUNT_CHANGED' || change.previousAmount === null || change.amount === null) return <Money value={change.amount} />;
        const difference = parseVnd(change.amount) - parseVnd(change.previousAmount);
        return (
          <span style={{ whiteSpace: 'nowrap' }}>
            <Typography.Text type="secondary">{formatVnd(change.previousAmount)} → </Typography.Text>
            <Money value={change.amount} strong />
            <br />
            <Typography.Text type={difference > 0n ? 'success' : 'danger'} style={{ fontSize: 12 }}>
              {difference > 0n ? '+' : '−'}
              {formatVnd(difference < 0n ? -difference : difference)}
            </Typography.Text>
          </span>
        );
      },
    },
    {
      title: t('changes.reason'),
      key: 'reason',
      width: 250,
      render: (_value, change) => {
        const extra = detail(change);
        return (
          <span>
            {reason(change)}
            {extra && (
              <>
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {extra}
                </Typography.Text>
              </>
            )}
          </span>
        );
      },
    },
  ];

  return (
    <>
      <Typography.Paragraph type="secondary">{t('changes.compared', { month: formatMonth(previousMonth) })}</Typography.Paragraph>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="change-counts">
        {changeKinds.map((value) => {
          // Only a commune's first months in this system have people continuing from the previous one.
          if (value === 'CONTINUING' && !changes.counts.CONTINUING) return null;
          const selected = kind === value;
          return (
            <Col key={value} xs={12} md={changes.counts.CONTINUING ? 8 : 6} xl={changes.counts.CONTINUING ? 4 : 6}>
              <Card
                size="small"
                hoverable
                onClick={() => setKind(selected ? null : value)}
                style={{ borderColor: selected ? kindStyles[value].color : undefined, boxShadow: selected ? `0 0 0 1px ${kindStyles[value].color}` : undefined }}
              >
                <Statistic
                  title={label(changeKindNames, value)}
                  value={formatInteger(changes.counts[value] ?? 0)}
                  styles={{ content: { color: kindStyles[value].color, fontSize: 22 } }}
                />
                {value === 'ACCOUNT_CHANGED' && (changes.counts.CHANNEL_CHANGED ?? 0) > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="channel-changes">
                    {t('changes.channelCount', { count: formatInteger(changes.counts.CHANNEL_CHANGED ?? 0) })}
                  </Typography.Text>
                )}
              </Card>
            </Col>
          );
        })}
      </Row>
      {changes.changes.length === 0 ? (
        <Empty description={t('changes.none')} />
      ) : (
        <>
          <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
            <SearchBox placeholder={t('changes.search')} style={{ maxWidth: 320 }} onSearch={setSearch} />
            {kind && (
              <Tag closable color={changeKindColors[kind]} onClose={() => setKind(null)}>
                {label(changeKindNames, kind)}
              </Tag>
            )}
          </Flex>
          <DataTable<ChangeRow>
            rowKey={(change) => `${change.kind}:${change.personalId}:${change.programme}`}
            size="middle"
            columns={columns}
            dataSource={rows}
            minWidth={1080}
            pageSize={20}
            showTotal={(total) => formatInteger(total)}
          />
        </>
      )}
    </>
  );
}
