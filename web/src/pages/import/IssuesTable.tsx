import { Flex, Segmented, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { DataTable } from '../../components/DataTable';
import { useI18n, useLabel } from '../../language';
import { FilterSelect } from '../common/FilterSelect';
import { issueCodeNames, templateColumnNames } from '../common/codes';
import type { RowIssue } from '../common/types';
import { useImportTexts } from './texts';

export interface IssueRow extends RowIssue {
  key: string;
  severity: 'error' | 'warning';
}

export type Severity = 'all' | 'error' | 'warning';

export function issueRows(errors: readonly RowIssue[], warnings: readonly RowIssue[]): IssueRow[] {
  const rows = [
    ...errors.map((issue, index): IssueRow => ({ ...issue, severity: 'error', key: `e${index}` })),
    ...warnings.map((issue, index): IssueRow => ({ ...issue, severity: 'warning', key: `w${index}` })),
  ];
  return rows.sort((a, b) => a.row - b.row || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** Every error and warning with its Excel row number, column, code and message; filterable. */
export function IssuesTable({
  rows,
  code,
  severity,
  onCode,
  onSeverity,
}: {
  rows: IssueRow[];
  code?: string;
  severity: Severity;
  onCode(code?: string): void;
  onSeverity(severity: Severity): void;
}) {
  const t = useImportTexts();
  const { pick } = useI18n();
  const label = useLabel();
  const codes = useMemo(() => [...new Set(rows.map((row) => row.code))].sort(), [rows]);
  const shown = rows.filter((row) => (!code || row.code === code) && (severity === 'all' || row.severity === severity));

  const columns: TableColumnsType<IssueRow> = [
    { title: t('issues.row'), dataIndex: 'row', width: 90, align: 'right', render: (row: number) => <Typography.Text strong>{row}</Typography.Text> },
    {
      title: t('issues.severity'),
      dataIndex: 'severity',
      width: 100,
      render: (value: IssueRow['severity']) => (value === 'error' ? <Tag color="error">{t('issues.error')}</Tag> : <Tag color="warning">{t('issues.warning')}</Tag>),
    },
    {
      title: t('issues.column'),
      dataIndex: 'field',
      width: 190,
      render: (field: string) =>
        field ? (
          <Flex vertical>
            <span>{label(templateColumnNames, field)}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <code>{field}</code>
            </Typography.Text>
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: t('issues.code'),
      dataIndex: 'code',
      width: 220,
      render: (value: string) => (
        <Flex vertical>
          <span>{label(issueCodeNames, value)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <code>{value}</code>
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('issues.message'), key: 'message', render: (_value, issue) => pick(issue) },
  ];

  return (
    <>
      <Flex gap={8} wrap align="center" style={{ padding: 12 }}>
        <Segmented<Severity>
          value={severity}
          onChange={onSeverity}
          options={[
            { value: 'all', label: t('issues.all') },
            { value: 'error', label: t('issues.errors') },
            { value: 'warning', label: t('issues.warnings') },
          ]}
        />
        <FilterSelect label={t('issues.code')} width={300} wide value={code} onChange={onCode} options={codes.map((value) => ({ value, label: `${label(issueCodeNames, value)} (${value})` }))} />
      </Flex>
      <DataTable<IssueRow>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={shown}
        minWidth={900}
        pageSize={20}
        showTotal={(total) => t('issues.count', { count: total })}
        data-testid="import-issues"
      />
    </>
  );
}
