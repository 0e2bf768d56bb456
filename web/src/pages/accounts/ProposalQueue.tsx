import { Card, Empty, Flex, Segmented, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useApiData } from '../../api/useApiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCodeOptions } from '../../language';
import { useLocality } from '../../locality';
import { KeysetPager, useCursors } from '../common/KeysetPager';
import { proposalStatuses, proposalStatusNames } from '../common/codes';
import { useProviders } from '../common/providers';
import type { AccountProposal } from '../common/types';
import { DecisionDialog, type Decision } from './DecisionDialog';
import { ProposalCard } from './ProposalCard';
import { useAccountsTexts } from './texts';

/** The server's page size for proposals. */
const pageSize = 100;

/** The approval queue (or the decided proposals), newest first, in the locality picked in the header. */
export function ProposalQueue({ version }: { version: number }) {
  const t = useAccountsTexts();
  const options = useCodeOptions();
  const { locality, loading: localityLoading } = useLocality();
  const { byCode } = useProviders();
  const [status, setStatus] = useState('PENDING');
  const cursors = useCursors();
  const [deciding, setDeciding] = useState<{ proposal: AccountProposal; decision: Decision } | null>(null);
  const list = useApiData<AccountProposal[]>(localityLoading ? null : '/api/v1/accounts/proposals', { status: status || undefined, commune: locality.commune?.code, before: cursors.cursor });
  const { reload } = list;
  useEffect(() => {
    if (version > 0) reload();
  }, [version, reload]);
  const proposals = list.data ?? [];
  const last = proposals.at(-1)?.id;

  return (
    <Card size="small" styles={{ body: { padding: 0 } }}>
      <Flex style={{ padding: 12 }} gap={8} wrap>
        <Segmented
          value={status}
          onChange={(value) => {
            setStatus(value);
            cursors.reset();
          }}
          options={[...options(proposalStatuses, proposalStatusNames), { value: '', label: t('queue.all') }]}
        />
      </Flex>
      <ErrorAlert error={list.error} style={{ margin: '0 12px 12px' }} />
      <Spin spinning={list.loading}>
        <Flex vertical gap={12} style={{ padding: '0 12px', minHeight: 120 }}>
          {proposals.length === 0 && !list.loading && <Empty description={status === 'PENDING' ? t('queue.emptyPending') : t('queue.empty')} />}
          {proposals.map((proposal) => (
            <ProposalCard key={proposal.id} proposal={proposal} providers={byCode} onDecide={(decision) => setDeciding({ proposal, decision })} />
          ))}
        </Flex>
      </Spin>
      <KeysetPager {...cursors.pager(proposals.length === pageSize ? last : null)} />
      {deciding && (
        <DecisionDialog
          proposal={deciding.proposal}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
