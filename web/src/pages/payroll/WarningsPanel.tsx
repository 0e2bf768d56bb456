import { WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { formatInteger } from '../../format';
import { useLabel } from '../../language';
import { formatVnd, vnd } from '../../money';
import { verificationNames } from '../common/codes';
import { providerLabel, useProviders } from '../common/providers';
import { channelNames, qualityFlagNames, warningNames } from './labels';
import { PersonCell } from './shared';
import { usePayrollTexts } from './texts';
import type { WarningRow } from './types';

/** The server writes warning details in Vietnamese; they are rebuilt here in the interface language. */
function useWarningDetail(): (warning: WarningRow) => string {
  const t = usePayrollTexts();
  const label = useLabel();
  const providers = useProviders();
  return (warning) => {
    if (warning.code === 'ARREARS_LARGE') {
      const match = /^(\d+) tháng truy lĩnh, (\d+) đồng$/.exec(warning.detail);
      if (match) return t('warnings.arrears', { months: match[1]!, amount: formatVnd(vnd(match[2]!)) });
    }
    if (warning.code === 'ACCOUNT_CHANGED_RECENTLY') {
      const match = /(\d{2}\/\d{2}\/\d{4})/.exec(warning.detail);
      if (match) return t('warnings.accountChanged', { date: match[1]! });
    }
    if (warning.code === 'FLAGGED') {
      return warning.detail
        .split(',')
        .map((flag) => label(qualityFlagNames, flag.trim()))
        .join('; ');
    }
    if (warning.code === 'ACCOUNT_NOT_VERIFIED') {
      const match = /^(\S+) (\S+): (.*)$/.exec(warning.detail);
      // "TK_NGAN_HANG 970405: REJECTED" (or the verification's note): channel, bank and state in words
      if (match) return `${label(channelNames, match[1])} ${providerLabel(providers.byCode, match[2])}: ${label(verificationNames, match[3])}`;
    }
    return warning.detail.replace(/\b\d{5,}\b/g, (digits) => formatInteger(BigInt(digits)));
  };
}

/**
 * The approver's warnings, above everything else in the cycle: large arrears, accounts changed in
 * the last 30 days, data-quality flags, unverified accounts. Grouped by kind, with the people.
 */
export function WarningsPanel({ warnings, emphasise }: { warnings: WarningRow[]; emphasise: boolean }) {
  const t = usePayrollTexts();
  const label = useLabel();
  const detail = useWarningDetail();
  const [expanded, setExpanded] = useState(emphasise);
  if (warnings.length === 0) {
    return emphasise ? <Alert type="success" showIcon title={t('warnings.none')} style={{ marginBottom: 16 }} /> : null;
  }
  const byCode = new Map<string, number>();
  for (const warning of warnings) byCode.set(warning.code, (byCode.get(warning.code) ?? 0) + 1);

  const columns: TableColumnsType<WarningRow> = [
    { title: t('warnings.kind'), dataIndex: 'code', width: 260, render: (code: string) => <Tag color="orange">{label(warningNames, code)}</Tag> },
    {
      title: t('changes.person'),
      key: 'person',
      render: (_value, warning) => (
        <PersonCell personalId={warning.personalId} fullName={warning.fullName} />
      ),
    },
    { title: t('warnings.detail'), key: 'detail', render: (_value, warning) => detail(warning) },
  ];

  return (
    <Alert
      type="warning"
      showIcon
      icon={<WarningOutlined />}
      style={{ marginBottom: 16 }}
      data-testid="approver-warnings"
      title={<Typography.Text strong>{t('warnings.title', { count: warnings.length })}</Typography.Text>}
      description={
        <>
          <Flex gap={8} wrap align="center" style={{ margin: '4px 0 8px' }}>
            {[...byCode.entries()].map(([code, count]) => (
              <Tag key={code} color="orange">
                {label(warningNames, code)}: {formatInteger(count)}
              </Tag>
            ))}
            <Button size="small" type="link" onClick={() => setExpanded((value) => !value)}>
              {expanded ? t('warnings.hide') : t('warnings.show')}
            </Button>
          </Flex>
          {expanded && (
            <DataTable<WarningRow>
              rowKey={(warning) => `${warning.code}:${warning.personalId}`}
              size="small"
              columns={columns}
              dataSource={warnings}
              pageSize={10}
              minWidth={640}
            />
          )}
        </>
      }
    />
  );
}
