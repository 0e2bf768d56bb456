import { FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { DownloadButton } from '../../components/DownloadButton';
import type { ImportResponse } from '../common/types';
import { useImportTexts } from './texts';

/** Step 1: drop a CSV/XLSX file; the server checks it (a dry run) and answers with the report. */
export function UploadStep({ onChecked }: { onChecked(response: ImportResponse, fileName: string): void }) {
  const t = useImportTexts();
  const [checking, setChecking] = useState<string | null>(null);
  const [problem, setProblem] = useState<string>();

  async function check(file: File) {
    if (!/\.(csv|xlsx)$/i.test(file.name)) {
      setProblem(t('upload.wrongType'));
      return;
    }
    setChecking(file.name);
    setProblem(undefined);
    try {
      onChecked(await api.upload<ImportResponse>('/api/v1/imports', file), file.name);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setChecking(null);
    }
  }

  return (
    <Flex vertical gap={16}>
      {problem && <Alert type="error" showIcon title={problem} role="alert" />}
      <Spin spinning={checking !== null} description={checking ? t('upload.checking', { name: checking }) : undefined}>
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          disabled={checking !== null}
          beforeUpload={(file) => {
            void check(file);
            return false;
          }}
          style={{ padding: '24px 0' }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('upload.drop')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('upload.formats')}</Typography.Text>
        </Upload.Dragger>
      </Spin>
      <Card size="small" title={t('upload.tipsTitle')}>
        <ul style={{ margin: 0, paddingLeft: 20, lineHeight: 1.8 }}>
          <li>{t('upload.tip1')}</li>
          <li>{t('upload.tip2')}</li>
          <li>{t('upload.tip3')}</li>
        </ul>
        <DownloadButton path="/api/v1/imports/template.xlsx" fallbackName="mau-nhap-doi-tuong.xlsx" announce={false} type="link" style={{ paddingLeft: 0, marginTop: 8 }}>
          <FileExcelOutlined /> {t('upload.template')}
        </DownloadButton>
      </Card>
    </Flex>
  );
}
