import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import { formatInteger } from '../format';
import { useI18n } from '../language';
import type { AuditVerifyResult } from '../types';

type Outcome = { kind: 'result'; result: AuditVerifyResult } | { kind: 'error'; message: string };

/** Recomputes the audit hash chain on the server; an auditor's proof that no event was altered. */
export function useAuditVerify() {
  const [checking, setChecking] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  async function verify() {
    setChecking(true);
    setOutcome(undefined);
    try {
      setOutcome({ kind: 'result', result: await api.get<AuditVerifyResult>('/api/v1/audit/verify') });
    } catch (error) {
      setOutcome({ kind: 'error', message: errorMessage(error) });
    } finally {
      setChecking(false);
    }
  }

  return { checking, outcome, verify, clear: () => setOutcome(undefined) };
}

export function AuditVerifyButton({ checking, onClick }: { checking: boolean; onClick(): void }) {
  const { t } = useI18n();
  return (
    <Button icon={<SafetyCertificateOutlined />} loading={checking} onClick={onClick}>
      {t('audit.verify')}
    </Button>
  );
}

export function AuditVerifyOutcome({ outcome, onClose }: { outcome: Outcome | undefined; onClose(): void }) {
  const { t } = useI18n();
  if (!outcome) return null;
  const closable = { onClose };
  if (outcome.kind === 'error') return <Alert type="error" showIcon closable={closable} title={outcome.message} style={{ marginBottom: 16 }} />;
  const { result } = outcome;
  const count = formatInteger(result.events);
  return result.ok ? (
    <Alert
      type="success"
      showIcon
      closable={closable}
      title={t('audit.verifyOk')}
      description={t('audit.verifyOkDetail', { count })}
      style={{ marginBottom: 16 }}
      data-testid="audit-verify-result"
    />
  ) : (
    <Alert
      type="error"
      showIcon
      closable={closable}
      title={t('audit.verifyBroken', { seq: result.brokenAt ?? '?' })}
      description={t('audit.verifyBrokenDetail', { count, reason: result.reason ?? '—' })}
      style={{ marginBottom: 16 }}
      data-testid="audit-verify-result"
    />
  );
}
