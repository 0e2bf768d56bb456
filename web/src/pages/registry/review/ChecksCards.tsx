import { ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../../api/client';
import { useApiData } from '../../../api/useApiData';
import { useSession } from '../../../auth';
import { useAction } from '../../../components/ActionDialog';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { formatDateTime, formatInteger } from '../../../format';
import { useI18n, useLabel } from '../../../language';
import { localityLabel, useLocality } from '../../../locality';
import { FlagTag } from '../../common/CodeTags';
import { qualityFlagHints, qualityFlags } from '../../common/codes';
import type { FlagSummary, PopulationVerifyResult } from '../../common/types';
import { useRegistryLinks } from '../links';
import { useRegistryTexts } from '../texts';

function ResultCounts({ result }: { result: PopulationVerifyResult }) {
  const t = useRegistryTexts();
  const counts: [string, number, string?][] = [
    [t('check.checked'), result.checked],
    [t('check.match'), result.match, '#389e0d'],
    [t('check.nameMismatch'), result.nameMismatch],
    [t('check.dobMismatch'), result.dobMismatch],
    [t('check.deceased'), result.deceased, result.deceased > 0 ? '#cf1322' : undefined],
    [t('check.moved'), result.moved],
    [t('check.notFound'), result.notFound],
    [t('check.errors'), result.errors, result.errors > 0 ? '#cf1322' : undefined],
  ];
  return (
    <div data-testid="population-result">
      <Row gutter={[12, 12]}>
        {counts.map(([label, value, color]) => (
          <Col key={label} xs={12} sm={6}>
            <Statistic title={label} value={formatInteger(value)} styles={{ content: { fontSize: 20, color } }} />
          </Col>
        ))}
      </Row>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t('check.created', { count: result.reviewItemsCreated })}
      </Typography.Paragraph>
    </div>
  );
}

/** Runs the check against the national population database for the locality picked in the header. */
export function PopulationCheckCard({ onFinished }: { onFinished(): void }) {
  const t = useRegistryTexts();
  const { t: shell } = useI18n();
  const { can } = useSession();
  const { locality, unitCode } = useLocality();
  const check = useAction();
  const [result, setResult] = useState<PopulationVerifyResult>();

  async function run() {
    await check.run(async () => {
      setResult(await api.post<PopulationVerifyResult>('/api/v1/population/verify', unitCode ? { unitCode } : {}));
      onFinished();
    });
  }

  return (
    <Card title={t('check.title')} size="small" style={{ height: '100%' }}>
      <Typography.Paragraph type="secondary">{t('check.explain')}</Typography.Paragraph>
      {can('registry.review') && (
        <Button type="primary" icon={<SafetyCertificateOutlined />} loading={check.running} onClick={() => void run()} style={{ marginBottom: 12 }}>
          {t('check.run', { locality: localityLabel(locality, shell('common.national')) })}
        </Button>
      )}
      {check.running && <Typography.Paragraph type="secondary">{t('check.running')}</Typography.Paragraph>}
      <ErrorAlert error={check.error} style={{ marginBottom: 0 }} />
      {result && <ResultCounts result={result} />}
    </Card>
  );
}

/** Counts of data-quality flags in the user's area; each opens the list filtered by that flag. */
export function QualityFlagsCard() {
  const t = useRegistryTexts();
  const label = useLabel();
  const { can } = useSession();
  const links = useRegistryLinks();
  const summary = useApiData<FlagSummary>('/api/v1/quality/flags/summary');
  const recomputing = useAction();

  async function recompute() {
    await recomputing.run(async () => {
      await api.post<FlagSummary>('/api/v1/quality/flags/recompute');
      summary.reload();
    });
  }

  return (
    <Card
      title={t('flags.summaryTitle')}
      size="small"
      style={{ height: '100%' }}
      extra={
        can('registry.review') && (
          <Button size="small" icon={<ReloadOutlined />} loading={recomputing.running} onClick={() => void recompute()}>
            {t('flags.recompute')}
          </Button>
        )
      }
    >
      {(summary.error || recomputing.error) && <Alert type="error" showIcon title={recomputing.error ?? summary.error?.message} style={{ marginBottom: 8 }} />}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('flags.summaryExplain')}
      </Typography.Paragraph>
      <Flex vertical gap={8} data-testid="quality-flags">
        {qualityFlags.map((flag) => {
          const count = summary.data?.counts[flag] ?? 0;
          return (
            <Flex key={flag} justify="space-between" align="center" gap={8}>
              <div style={{ minWidth: 0 }}>
                <FlagTag flag={flag} />
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {label(qualityFlagHints, flag)}
                </Typography.Text>
              </div>
              <Button type="link" disabled={count === 0} onClick={() => links.list({ flag })} style={{ fontSize: 18, fontWeight: 600 }}>
                {summary.loading && !summary.data ? '…' : formatInteger(count)}
              </Button>
            </Flex>
          );
        })}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {summary.data?.computedAt ? t('flags.computedAt', { time: formatDateTime(summary.data.computedAt) }) : t('flags.notComputed')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
