import { ArrowRightOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Flex, Row, Statistic, Tag, Typography } from 'antd';
import { useState } from 'react';
import { DownloadButton } from '../../components/DownloadButton';
import { formatInteger } from '../../format';
import { useLabel } from '../../language';
import { issueCodeNames } from '../common/codes';
import type { ImportReport } from '../common/types';
import { issueRows, IssuesTable, type Severity } from './IssuesTable';
import { useImportTexts } from './texts';

const warningCodes = new Set(['ALREADY_REGISTERED_ELSEWHERE', 'POSSIBLE_DUPLICATE', 'ACCOUNT_SHARED', 'ARREARS_LARGE', 'START_BEFORE_DECISION', 'UNIT_LEGACY_MAPPED']);

/** The button that downloads the complete XLSX report of an uploaded file. */
export function ReportDownloadButton({ uploadId, fileName }: { uploadId: string; fileName: string }) {
  const t = useImportTexts();
  return (
    <DownloadButton
      path={`/api/v1/imports/${encodeURIComponent(uploadId)}/report.xlsx`}
      fallbackName={`bao-cao-loi-${fileName.replace(/\.(csv|xlsx)$/i, '')}.xlsx`}
      announce={false}
    >
      {t('preview.report')}
    </DownloadButton>
  );
}

export function ReportCounts({ report }: { report: ImportReport }) {
  const t = useImportTexts();
  const items: [string, number, string?][] = [
    [t('preview.rows'), report.rows],
    [t('preview.accepted'), report.accepted, '#389e0d'],
    [t('preview.rejected'), report.rejected, report.rejected > 0 ? '#cf1322' : undefined],
    [t('preview.warnings'), report.warnings.length, report.warnings.length > 0 ? '#d46b08' : undefined],
  ];
  return (
    <Row gutter={[16, 16]} data-testid="import-counts">
      {items.map(([label, value, color]) => (
        <Col key={label} xs={12} md={6}>
          <Card size="small">
            <Statistic title={label} value={formatInteger(value)} styles={{ content: { color, fontSize: 28 } }} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** Step 2: what the check found, row by row; nothing has been saved yet. */
export function PreviewStep({ uploadId, fileName, report, onBack, onNext }: { uploadId: string; fileName: string; report: ImportReport; onBack(): void; onNext(): void }) {
  const t = useImportTexts();
  const label = useLabel();
  const [code, setCode] = useState<string>();
  const [severity, setSeverity] = useState<Severity>('all');
  const rows = issueRows(report.errors, report.warnings);
  const fileRejected = report.errors.some((issue) => issue.code === 'COLUMN_UNKNOWN' || issue.code === 'COLUMN_MISSING');
  const codes = Object.entries(report.countsByCode).sort((a, b) => b[1] - a[1]);

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary">{fileName}</Typography.Text>
      <ReportCounts report={report} />
      {fileRejected ? (
        <Alert type="error" showIcon title={t('preview.fileRejected')} />
      ) : report.rejected > 0 ? (
        <Alert type="warning" showIcon title={t('preview.someRejected', { rejected: report.rejected })} description={report.warnings.length > 0 ? t('preview.warningsNote') : undefined} />
      ) : (
        <Alert type="success" showIcon title={t('preview.allGood')} description={report.warnings.length > 0 ? t('preview.warningsNote') : undefined} />
      )}
      {report.truncated && <Alert type="info" showIcon title={t('preview.truncated')} />}
      <Card size="small" styles={{ body: { padding: 0 } }} title={codes.length > 0 ? t('preview.byCode') : undefined}>
        {codes.length > 0 && (
          <Flex gap={8} wrap style={{ padding: '12px 12px 0' }} data-testid="import-codes">
            {codes.map(([value, count]) => (
              <Tag.CheckableTag
                key={value}
                checked={code === value}
                onChange={(checked) => setCode(checked ? value : undefined)}
                style={{ border: `1px solid ${warningCodes.has(value) ? '#ffd591' : '#ffa39e'}`, padding: '2px 8px' }}
              >
                {label(issueCodeNames, value)} <code>{value}</code>: <strong>{formatInteger(count)}</strong>
              </Tag.CheckableTag>
            ))}
          </Flex>
        )}
        {rows.length === 0 ? <Empty description={t('preview.noIssues')} style={{ padding: 24 }} /> : <IssuesTable rows={rows} code={code} severity={severity} onCode={setCode} onSeverity={setSeverity} />}
      </Card>
      <Flex gap={8} justify="space-between" wrap>
        <Flex gap={8} wrap>
          <Button icon={<UploadOutlined />} onClick={onBack}>
            {t('preview.another')}
          </Button>
          {/* a refused file is not kept on the server: its issues are all on this page */}
          {rows.length > 0 && !fileRejected && <ReportDownloadButton uploadId={uploadId} fileName={fileName} />}
        </Flex>
        <Button type="primary" icon={<ArrowRightOutlined />} iconPlacement="end" disabled={report.accepted === 0} onClick={onNext}>
          {t('preview.continue')}
        </Button>
      </Flex>
    </Flex>
  );
}
