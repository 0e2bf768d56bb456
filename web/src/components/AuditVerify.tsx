import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import { formatDateTime, formatInteger } from '../format';
import { useI18n } from '../language';
import type { AuditVerifyResult } from '../types';

type Outcome = { kind: 'result'; result: AuditVerifyResult } | { kind: 'error'; message: string };

/**
 * Checks the audit trail on the server (the keyed chain and its checkpoints outside the database);
 * an auditor's proof that no event was altered, deleted or moved, or the damage it names.
 */
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

/** The newest event, the last checkpoint, the unkeyed start and the server's warnings: what a verification checked against. */
function VerificationBasis({ result }: { result: AuditVerifyResult }) {
  const { t } = useI18n();
  const { head, checkpoint } = result;
  return (
    <>
      <div data-testid="audit-verify-head">
        {head ? t('audit.head', { seq: formatInteger(head.seq), hash: `${head.hash.slice(0, 16)}…` }) : t('audit.headNone')}
      </div>
      {result.keyedFrom !== null && head && result.keyedFrom > 1 && <div>{t('audit.keyedFrom', { seq: formatInteger(result.keyedFrom) })}</div>}
      <div data-testid="audit-verify-checkpoint">
        {checkpoint
          ? t(checkpoint.matched ? 'audit.checkpointMatched' : 'audit.checkpointNotMatched', { seq: formatInteger(checkpoint.seq), at: formatDateTime(checkpoint.at) })
          : t('audit.checkpointNone')}
      </div>
      {result.warnings.length > 0 && (
        <div data-testid="audit-verify-warnings">
          <Typography.Text strong>{t('audit.warnings')}</Typography.Text>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {result.warnings.map((warning) => (
              <li key={warning} lang="en">
                {warning}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}

/**
 * Each kind of damage once, with its first affected sequence: its name, then the server's account
 * of it (which event, which checkpoint) in the reader's language.
 */
function Findings({ findings }: { findings: AuditVerifyResult['findings'] }) {
  const { t, language } = useI18n();
  return (
    <ul data-testid="audit-verify-findings" style={{ margin: '0 0 8px', paddingInlineStart: 20 }}>
      {findings.map((finding) => (
        <li key={finding.kind} data-testid={`audit-finding-${finding.kind}`}>
          <Tag color="red" title={finding.kind}>
            {t(`audit.finding.${finding.kind}`)}
          </Tag> {t('audit.findingFrom', { seq: formatInteger(finding.seq) })}
          <div>{language === 'vi' ? finding.vi : finding.en}</div>
        </li>
      ))}
    </ul>
  );
}

export function AuditVerifyOutcome({ outcome, onClose }: { outcome: Outcome | undefined; onClose(): void }) {
  const { t } = useI18n();
  if (!outcome) return null;
  const closable = { onClose };
  if (outcome.kind === 'error') return <Alert type="error" showIcon closable={closable} title={outcome.message} style={{ marginBottom: 16 }} />;
  const { result } = outcome;
  const count = formatInteger(result.events);
  const firstSeq = result.findings[0]?.seq ?? result.brokenAt;
  return result.ok ? (
    <Alert
      type="success"
      showIcon
      closable={closable}
      title={t('audit.verifyOk')}
      description={
        <>
          <div>{t('audit.verifyOkDetail', { count })}</div>
          <VerificationBasis result={result} />
        </>
      }
      style={{ marginBottom: 16 }}
      data-testid="audit-verify-result"
    />
  ) : (
    <Alert
      type="error"
      showIcon
      closable={closable}
      title={t('audit.verifyBroken', { seq: firstSeq === undefined ? '?' : formatInteger(firstSeq) })}
      description={
        <>
          {result.findings.length > 0 && <Findings findings={result.findings} />}
          <div>{t('audit.verifyDamagedDetail', { count })}</div>
          <VerificationBasis result={result} />
        </>
      }
      style={{ marginBottom: 16 }}
      data-testid="audit-verify-result"
    />
  );
}
