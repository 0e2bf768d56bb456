import { Alert, Modal, type FormInstance } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client';
import { useI18n } from '../language';

export interface RunOptions {
  /** Shows a failure elsewhere (under a field): return true when it did, else the error line shows it. */
  onError?(failure: unknown): boolean;
}

/**
 * The state of an action that calls the server: `running` while it runs, and the message of its
 * last failure (cleared when it runs again). The action's own code says what success means.
 */
export function useAction(): { running: boolean; error: string | undefined; setError(error: string | undefined): void; run(action: () => Promise<void>, options?: RunOptions): Promise<void> } {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async (action: () => Promise<void>, options: RunOptions = {}) => {
    setRunning(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      if (!options.onError?.(failure)) setError(errorMessage(failure));
    } finally {
      setRunning(false);
    }
  }, []);
  return { running, error, setError, run };
}

/**
 * For `run`'s onError: a refusal that names a field (`details.field`, the server's name) shows its
 * message under that field of the form (`fields` maps the server's names to the form's).
 */
export function showUnderField(form: FormInstance, fields: Readonly<Record<string, string>>): (failure: unknown) => boolean {
  return (failure) => {
    const named = failure instanceof ApiError && typeof failure.details.field === 'string' ? failure.details.field : undefined;
    const field = named !== undefined && Object.hasOwn(fields, named) ? fields[named] : undefined;
    if (!field) return false;
    form.setFields([{ name: field, errors: [errorMessage(failure)] }]);
    return true;
  };
}

/**
 * The dialog of one action (submit a list, approve a proposal, set a target…): its confirm button
 * spins while the request runs, and the server's refusal is shown inside the dialog, where it
 * happened. Closed dialogs are destroyed, so each opening starts clean.
 */
export function ActionDialog({
  open = true,
  title,
  okText,
  okDisabled,
  danger,
  running,
  error,
  errorTestId,
  width,
  onOk,
  onCancel,
  children,
}: {
  open?: boolean;
  title: ReactNode;
  okText: string;
  okDisabled?: boolean;
  danger?: boolean;
  running: boolean;
  error?: string;
  errorTestId?: string;
  width?: number;
  onOk(): void;
  onCancel(): void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      okButtonProps={{ danger, disabled: okDisabled }}
      cancelText={t('common.cancel')}
      confirmLoading={running}
      onOk={onOk}
      onCancel={onCancel}
      width={width}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} data-testid={errorTestId} />}
      {children}
    </Modal>
  );
}
