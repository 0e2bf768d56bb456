import { EditOutlined, PauseCircleOutlined, PlayCircleOutlined, PlusOutlined, PrinterOutlined, StopOutlined, SwapOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useSession } from '../../../auth';
import { DownloadButton } from '../../../components/DownloadButton';
import { ProposeAccountDialog } from '../../accounts/ProposeAccountDialog';
import { protectedCategory } from '../../common/codes';
import type { BeneficiaryDetail } from '../../common/types';
import { useRegistryLinks } from '../links';
import { useRegistryTexts } from '../texts';
import { applicableEnrolments, StatusDialog, type StatusAction } from './StatusDialog';

type Dialog = StatusAction | 'propose' | null;

/** What the user may do with this beneficiary; each button appears only with its permission. */
export function DetailActions({ detail, onChanged }: { detail: BeneficiaryDetail; onChanged(): void }) {
  const t = useRegistryTexts();
  const { can } = useSession();
  const links = useRegistryLinks();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { person } = detail;
  // Enrolments the role may not see (HIV-related) are neither edited nor changed from here.
  const enrolments = detail.enrolments.filter((enrolment) => enrolment.category !== protectedCategory);
  const open = enrolments.filter((enrolment) => enrolment.status !== 'THOI_HUONG');
  const write = can('registry.write');

  const done = () => {
    setDialog(null);
    onChanged();
  };

  return (
    <>
      {write && enrolments.length > 0 && (
        <Button icon={<EditOutlined />} onClick={() => links.edit(person.personalId, (open[0] ?? enrolments[0])!.category)}>
          {t('detail.edit')}
        </Button>
      )}
      {write && (
        <Button icon={<PlusOutlined />} onClick={() => links.create(person.personalId)}>
          {t('detail.addEnrolment')}
        </Button>
      )}
      {can('accounts.propose') && open.length > 0 && (
        <Button icon={<SwapOutlined />} onClick={() => setDialog('propose')}>
          {t('detail.proposeAccount')}
        </Button>
      )}
      {can('registry.readSensitive') && (
        <DownloadButton
          path={`/api/v1/beneficiaries/${person.personalId}/card.pdf`}
          fallbackName={`the-nhan-tro-cap-${person.personalId.slice(-4)}.pdf`}
          announce={false}
          icon={<PrinterOutlined />}
        >
          {t('detail.printCard')}
        </DownloadButton>
      )}
      {write && applicableEnrolments('resume', enrolments).length > 0 && (
        <Button icon={<PlayCircleOutlined />} onClick={() => setDialog('resume')}>
          {t('status.resumeTitle')}
        </Button>
      )}
      {write && applicableEnrolments('suspend', enrolments).length > 0 && (
        <Button icon={<PauseCircleOutlined />} onClick={() => setDialog('suspend')}>
          {t('status.suspendTitle')}
        </Button>
      )}
      {write && applicableEnrolments('terminate', enrolments).length > 0 && (
        <Button danger icon={<StopOutlined />} onClick={() => setDialog('terminate')}>
          {t('status.terminateTitle')}
        </Button>
      )}
      {(dialog === 'terminate' || dialog === 'suspend' || dialog === 'resume') && (
        <StatusDialog action={dialog} personalId={person.personalId} enrolments={enrolments} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog === 'propose' && (
        <ProposeAccountDialog
          person={{ personalId: person.personalId, fullName: person.fullName, categories: open.map((enrolment) => enrolment.category) }}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
    </>
  );
}
