import { Steps } from 'antd';
import { useState } from 'react';
import type { ImportReport } from '../common/types';
import { ConfirmStep, ResultStep } from './ConfirmResultSteps';
import { PreviewStep } from './PreviewStep';
import { useImportTexts } from './texts';
import { UploadStep } from './UploadStep';

type Wizard =
  | { step: 'upload' }
  | { step: 'preview' | 'confirm'; uploadId: string; fileName: string; report: ImportReport }
  | { step: 'result'; uploadId: string; fileName: string; report: ImportReport };

const order = ['upload', 'preview', 'confirm', 'result'] as const;

/** Upload → check → confirm → result. The upload is a dry run; only "confirm" writes (its accounts wait for a second person). */
export function ImportWizard({ onOpenApprovals }: { onOpenApprovals?(): void } = {}) {
  const t = useImportTexts();
  const [wizard, setWizard] = useState<Wizard>({ step: 'upload' });
  const restart = () => setWizard({ step: 'upload' });

  return (
    <>
      <Steps
        current={order.indexOf(wizard.step)}
        style={{ marginBottom: 24 }}
        items={[{ title: t('step.upload') }, { title: t('step.preview') }, { title: t('step.confirm') }, { title: t('step.result') }]}
      />
      {wizard.step === 'upload' && <UploadStep onChecked={(response, fileName) => setWizard({ step: 'preview', uploadId: response.uploadId, fileName, report: response.report })} />}
      {wizard.step === 'preview' && (
        <PreviewStep uploadId={wizard.uploadId} fileName={wizard.fileName} report={wizard.report} onBack={restart} onNext={() => setWizard({ ...wizard, step: 'confirm' })} />
      )}
      {wizard.step === 'confirm' && (
        <ConfirmStep
          uploadId={wizard.uploadId}
          fileName={wizard.fileName}
          report={wizard.report}
          onBack={() => setWizard({ ...wizard, step: 'preview' })}
          onImported={(report) => setWizard({ step: 'result', uploadId: wizard.uploadId, fileName: wizard.fileName, report })}
        />
      )}
      {wizard.step === 'result' && <ResultStep uploadId={wizard.uploadId} fileName={wizard.fileName} report={wizard.report} onAgain={restart} onOpenApprovals={onOpenApprovals} />}
    </>
  );
}
