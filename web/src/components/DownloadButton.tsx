import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { api, errorMessage, type DownloadOptions, type Query } from '../api/client';
import { useI18n } from '../language';

export interface DownloadRequest extends DownloadOptions {
  /** Which of several downloads of one component is running (a menu's item). */
  key?: string;
}

/**
 * Downloads through the API with the user's session. A failure is shown as a toast with the
 * server's message; `announce` also confirms a success with the saved file's name.
 */
export function useDownload({ announce = true }: { announce?: boolean } = {}): {
  downloading: string | null;
  download(path: string, request?: DownloadRequest): Promise<boolean>;
} {
  const { message } = App.useApp();
  const { t } = useI18n();
  const [downloading, setDownloading] = useState<string | null>(null);
  async function download(path: string, { key = path, ...options }: DownloadRequest = {}): Promise<boolean> {
    setDownloading(key);
    try {
      const name = await api.download(path, options);
      if (announce) message.success(t('download.done', { name }));
      return true;
    } catch (error) {
      message.error(errorMessage(error));
      return false;
    } finally {
      setDownloading(null);
    }
  }
  return { downloading, download };
}

/** A button that downloads one file the server builds. */
export function DownloadButton({
  path,
  query,
  fallbackName,
  announce,
  children,
  ...props
}: { path: string; query?: Query; fallbackName?: string; announce?: boolean; children: ReactNode } & Omit<ButtonProps, 'onClick' | 'loading'>) {
  const { downloading, download } = useDownload({ announce });
  return (
    <Button icon={<DownloadOutlined />} {...props} loading={downloading !== null} onClick={() => void download(path, { query, fallbackName })}>
      {children}
    </Button>
  );
}
