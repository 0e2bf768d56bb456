import { Alert, Card, Col, Row, Statistic, Typography } from 'antd';
import { formatInteger } from '../../format';
import { useI18n } from '../../language';
import type { AccountVerifyResult } from '../common/types';
import { useAccountsTexts } from './texts';

/** The counts of an account verification run (identity, then account-name inquiry). */
export function VerifyResultCard({ result, onClose }: { result: AccountVerifyResult; onClose(): void }) {
  const t = useAccountsTexts();
  const { t: shell } = useI18n();
  const rejected = result.rejected.closed + result.rejected.blocked + result.rejected.unknown + result.rejected.nameMismatch;
  const counts: [string, number, string?][] = [
    [t('verify.checked'), result.checked],
    [t('verify.idVerified'), result.idVerified, '#1a5fb4'],
    [t('verify.accountVerified'), result.accountVerified, '#389e0d'],
    [t('verify.rejected'), rejected, rejected > 0 ? '#cf1322' : undefined],
    [t('verify.notIdentityChecked'), result.notIdentityChecked],
    [t('verify.identityNotMatched'), result.identityNotMatched, result.identityNotMatched > 0 ? '#d46b08' : undefined],
    [t('verify.errors'), result.errors, result.errors > 0 ? '#cf1322' : undefined],
  ];
  return (
    <Card title={t('verify.resultTitle')} size="small" extra={<a onClick={onClose}>{shell('common.close')}</a>} style={{ marginBottom: 16 }} data-testid="verify-result">
      <Row gutter={[12, 12]}>
        {counts.map(([label, value, color]) => (
          <Col key={label} xs={12} sm={8} lg={6} xl={3}>
            <Statistic title={label} value={formatInteger(value)} styles={{ content: { fontSize: 20, color } }} />
          </Col>
        ))}
      </Row>
      {rejected > 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('verify.rejectedDetail', {
            closed: result.rejected.closed,
            blocked: result.rejected.blocked,
            unknown: result.rejected.unknown,
            mismatch: result.rejected.nameMismatch,
          })}
        </Typography.Paragraph>
      )}
      {result.notIdentityChecked > 0 && <Alert type="info" showIcon title={t('verify.runPopulationFirst')} style={{ marginTop: 8 }} />}
    </Card>
  );
}
