import { Alert } from 'antd';
import type { CSSProperties } from 'react';
import { errorMessage } from '../api/client';

/**
 * A failure shown where it happened: a thrown value or a request's error (the server's message in
 * the interface language), or a message already written. Nothing when there is none.
 */
export function ErrorAlert({ error, style, onClose }: { error: unknown; style?: CSSProperties; onClose?(): void }) {
  if (error === undefined || error === null || error === '') return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={typeof error === 'string' ? error : errorMessage(error)}
      closable={onClose ? { onClose } : undefined}
      style={{ marginBottom: 16, ...style }}
    />
  );
}
