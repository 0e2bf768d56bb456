import { Button, Card, Flex, Form, Input, Select, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useApiData } from '../api/useApiData';
import { useSession } from '../auth';
import { AuditVerifyButton, AuditVerifyOutcome, useAuditVerify } from '../components/AuditVerify';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { RefreshButton } from '../components/RefreshButton';
import { formatDateTime } from '../format';
import { auditActionNames, auditEntityNames } from '../../../src/modules/formats/labels';
import { useI18n, useLabel } from '../language';
import type { AuditEvent } from '../types';
import { KeysetPager, useCursors } from './common/KeysetPager';

const pageSize = 50;

/** The action in words (src/modules/formats/labels.ts), its stable code in the tooltip; an action this build does not know shows as its code. */
function ActionCell({ action }: { action: string }) {
  const label = useLabel();
  return <Typography.Text title={action}>{label(auditActionNames, action)}</Typography.Text>;
}

interface Filter {
  entityType?: string;
  entityId?: string;
}

/** A change's before/after data, as the server recorded it. */
function JsonBlock({ title, value }: { title: string; value: unknown }) {
  if (value === null || value === undefined) return null;
  return (
    <div style={{ flex: 1, minWidth: 240 }}>
      <Typography.Text strong>{title}</Typography.Text>
      <pre style={{ margin: '4px 0 0', padding: 8, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 4, fontSize: 12, overflow: 'auto', maxHeight: 320 }}>
        {JSON.stringify(value, null, 2)}
      </pre>
    </div>
  );
}

function FilterForm({ onApply }: { onApply(filter: Filter): void }) {
  const { t } = useI18n();
  const label = useLabel();
  const [form] = Form.useForm<Filter>();
  // the kinds of record by their words, sent as their codes
  const entityOptions = Object.keys(auditEntityNames)
    .map((code) => ({ value: code, label: label(auditEntityNames, code) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'vi'));
  return (
    <Form<Filter> form={form} layout="inline" onFinish={(values) => onApply({ entityType: values.entityType?.trim(), entityId: values.entityId?.trim() })} style={{ rowGap: 8 }}>
      <Form.Item name="entityType">
        <Select placeholder={t('audit.entityType')} allowClear showSearch={{ optionFilterProp: 'label' }} options={entityOptions} style={{ width: 240 }} aria-label={t('audit.entityType')} />
      </Form.Item>
      <Form.Item name="entityId">
        <Input placeholder={t('audit.entityId')} allowClear style={{ width: 160 }} />
      </Form.Item>
      <Button htmlType="submit">{t('common.filter')}</Button>
      <Button
        type="link"
        onClick={() => {
          form.resetFields();
          onApply({});
        }}
      >
        {t('common.clear')}
      </Button>
    </Form>
  );
}

/**
 * The audit log, newest first. Paging follows the server's cursor (`before` = a sequence number):
 * "Older" continues below the last event shown; "Newer" goes back through the cursors seen so far.
 */
export default function AuditPage() {
  const { t } = useI18n();
  const label = useLabel();
  const { can } = useSession();
  const [filter, setFilter] = useState<Filter>({});
  const cursors = useCursors();
  const before = cursors.cursor;
  const events = useApiData<AuditEvent[]>('/api/v1/audit', { ...filter, before, limit: pageSize });
  const verification = useAuditVerify();
  const rows = events.data ?? [];
  const lastSeq = rows.at(-1)?.seq;
  const hasOlder = rows.length === pageSize && lastSeq !== undefined && lastSeq > 1;

  const columns: TableColumnsType<AuditEvent> = [
    { title: t('audit.seq'), dataIndex: 'seq', width: 80, align: 'right' },
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at) },
    { title: t('audit.actor'), dataIndex: 'actor', width: 160 },
    { title: t('audit.action'), dataIndex: 'action', render: (action: string) => <ActionCell action={action} /> },
    {
      title: t('audit.entity'),
      key: 'entity',
      render: (_value, event) => (
        <span title={event.entityType}>
          {label(auditEntityNames, event.entityType)}
          {event.entityId && <Typography.Text type="secondary"> #{event.entityId}</Typography.Text>}
        </span>
      ),
    },
    { title: t('audit.unit'), dataIndex: 'unitCode', width: 100, render: (code: string | null) => code ?? '—' },
  ];

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <>
            <RefreshButton onClick={events.reload} />
            {can('audit.verify') && <AuditVerifyButton checking={verification.checking} onClick={() => void verification.verify()} />}
          </>
        }
      />
      <AuditVerifyOutcome outcome={verification.outcome} onClose={verification.clear} />
      <ErrorAlert error={events.error} />
      <Card styles={{ body: { padding: 0 } }}>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ padding: 12 }}>
          <FilterForm
            onApply={(next) => {
              setFilter(next);
              cursors.reset();
            }}
          />
          <KeysetPager {...cursors.pager(hasOlder ? lastSeq : null)} labels={{ first: t('audit.newest'), previous: t('audit.newer'), next: t('audit.older') }} style={{ padding: 0 }} />
        </Flex>
        <DataTable<AuditEvent>
          rowKey="seq"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={events.loading}
          minWidth={860}
          expandable={{
            rowExpandable: (event) => event.before != null || event.after != null,
            expandedRowRender: (event) => (
              <Flex gap={16} wrap>
                <JsonBlock title={t('audit.before')} value={event.before} />
                <JsonBlock title={t('audit.after')} value={event.after} />
                {event.requestId && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('audit.requestId')}: <code>{event.requestId}</code>
                  </Typography.Text>
                )}
              </Flex>
            ),
          }}
        />
      </Card>
    </>
  );
}
