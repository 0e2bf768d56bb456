import { PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../auth';
import { useAction } from '../../components/ActionDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RefreshButton } from '../../components/RefreshButton';
import { useI18n } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import type { AccountVerifyResult } from '../common/types';
import { ProposalQueue } from './ProposalQueue';
import { ProposeAccountDialog } from './ProposeAccountDialog';
import { VerifyResultCard } from './VerifyAccounts';
import { useAccountsTexts } from './texts';

/** Payment accounts: the maker-checker queue of account changes, proposals, verification runs. */
export function AccountsModule() {
  const t = useAccountsTexts();
  const { t: shell } = useI18n();
  const { can } = useSession();
  const { locality, unitCode } = useLocality();
  const [proposing, setProposing] = useState(false);
  const [version, setVersion] = useState(0);
  const verifying = useAction();
  const [result, setResult] = useState<AccountVerifyResult>();
  const refresh = () => setVersion((value) => value + 1);

  async function verify() {
    await verifying.run(async () => {
      setResult(await api.post<AccountVerifyResult>('/api/v1/accounts/verify', unitCode ? { unitCode } : {}));
      refresh();
    });
  }

  return (
    <>
      <PageHeader
        title={t('accounts.title')}
        subtitle={`${t('accounts.subtitle')} · ${localityLabel(locality, shell('common.national'))}`}
        extra={
          <>
            <RefreshButton onClick={refresh} />
            {can('accounts.verify') && (
              <Button icon={<SafetyCertificateOutlined />} loading={verifying.running} onClick={() => void verify()}>
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
      {verifying.running && <Alert type="info" showIcon title={t('verify.running')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={verifying.error} onClose={() => verifying.setError(undefined)} />
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
