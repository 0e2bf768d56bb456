import { PlusOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import type { AccountVerifyResult } from '../common/types';
import { ProposalQueue } from './ProposalQueue';
import { ProposeAccountDialog } from './ProposeAccountDialog';
import { useAccountsTexts } from './texts';
import { VerifyResultCard } from './VerifyAccounts';

/** Payment accounts: the maker-checker queue of account changes, proposals, verification runs. */
export function AccountsModule() {
  const t = useAccountsTexts();
  const { t: shell } = useI18n();
  const { can } = useSession();
  const { locality, unitCode } = useLocality();
  const [proposing, setProposing] = useState(false);
  const [version, setVersion] = useState(0);
  const [verifying, setVerifying] = useState(false);
  const [result, setResult] = useState<AccountVerifyResult>();
  const [problem, setProblem] = useState<string>();
  const refresh = () => setVersion((value) => value + 1);

  async function verify() {
    setVerifying(true);
    setProblem(undefined);
    try {
      setResult(await api.post<AccountVerifyResult>('/api/v1/accounts/verify', unitCode ? { unitCode } : {}));
      refresh();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setVerifying(false);
    }
  }

  return (
    <>
      <PageHeader
        title={t('accounts.title')}
        subtitle={`${t('accounts.subtitle')} · ${localityLabel(locality, shell('common.national'))}`}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={refresh}>
              {t('common.refresh')}
            </Button>
            {can('accounts.verify') && (
              <Button icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
                {t('verify.run')}
              </Button>
            )}
            {can('accounts.propose') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)}>
                {t('propose.open')}
              </Button>
            )}
          </>
        }
      />
      {verifying && <Alert type="info" showIcon title={t('verify.running')} style={{ marginBottom: 16 }} />}
      {problem && <Alert type="error" showIcon title={problem} closable={{ onClose: () => setProblem(undefined) }} style={{ marginBottom: 16 }} role="alert" />}
      {result && <VerifyResultCard result={result} onClose={() => setResult(undefined)} />}
      <ProposalQueue version={version} />
      {proposing && (
        <ProposeAccountDialog
          onClose={() => setProposing(false)}
          onDone={() => {
            setProposing(false);
            refresh();
          }}
        />
      )}
    </>
  );
}
