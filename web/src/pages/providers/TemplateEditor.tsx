import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Input, Modal, Select, Space, Spin, Table, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useProvidersTexts } from './texts';
import { fieldFormats, shippedTemplateNames, templateFields, type FileTemplate, type ProviderProfile, type TemplateColumn, type TemplatePreview, type TemplateView } from './types';

const previewDelayMs = 300;
const delimiters: FileTemplate['delimiter'][] = [',', ';', '\t', '|'];

/** The column list after moving the column at `index` by `by` places. */
function moved(columns: readonly TemplateColumn[], index: number, by: -1 | 1): TemplateColumn[] {
  const next = [...columns];
  const [column] = next.splice(index, 1);
  next.splice(index + by, 0, column!);
  return next;
}

/**
 * The provider's file template: its columns (header, field, format; in order, moved up and down),
 * encoding, delimiter, header and total lines, with a live preview of the first lines written by
 * the server from made-up data. Saving stores a new version; a shipped template can be applied.
 */
export function TemplateEditor({ profile, onClose, onSaved, editable }: { profile: ProviderProfile; onClose: () => void; onSaved: () => void; editable: boolean }) {
  const t = useProvidersTexts();
  const { message } = App.useApp();
  const path = `/api/v1/providers/${encodeURIComponent(profile.providerCode)}/template`;
  const current = useApiData<TemplateView>(path);
  const [draft, setDraft] = useState<FileTemplate>();
  const [preview, setPreview] = useState<TemplatePreview>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [shipped, setShipped] = useState<string>();
  const providerName = `${profile.shortName} (${profile.providerCode})`;

  useEffect(() => {
    if (current.data) setDraft(current.data.template);
  }, [current.data]);

  const draftKey = JSON.stringify(draft ?? null);
  useEffect(() => {
    if (!draft) return;
    let stale = false;
    const timer = setTimeout(() => {
      api
        .post<TemplatePreview>(`${path}/preview`, { template: draft, rows: 5 })
        .then((result) => {
          if (stale) return;
          setPreview(result);
          setPreviewError(undefined);
        })
        .catch((failure: unknown) => {
          if (!stale) setPreviewError(failure);
        });
    }, previewDelayMs);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // the draft is compared by value (draftKey), not by identity
  }, [draftKey, path]);

  const change = (patch: Partial<FileTemplate>) => setDraft((previous) => previous && { ...previous, ...patch });
  const changeColumn = (index: number, patch: Partial<TemplateColumn>) =>
    setDraft((previous) => previous && { ...previous, columns: previous.columns.map((column, at) => (at === index ? { ...column, ...patch } : column)) });

  async function save(body: { template: FileTemplate } | { shipped: string }) {
    setSaving(true);
    setError(undefined);
    try {
      const result = await api.put<TemplateView>(path, body);
      setDraft(result.template);
      message.success(t('template.saved', { version: result.version }));
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const columnRows = (draft?.columns ?? []).map((column, index) => ({ ...column, index }));
  const columns: TableColumnsType<TemplateColumn & { index: number }> = [
    { title: '#', dataIndex: 'index', width: 48, render: (index: number) => index + 1 },
    {
      title: t('template.column.header'),
      key: 'header',
      render: (_v, row) => <Input aria-label={`${t('template.column.header')} ${row.index + 1}`} value={row.header} disabled={!editable} onChange={(event) => changeColumn(row.index, { header: event.target.value })} />,
    },
    {
      title: t('template.column.field'),
      key: 'field',
      render: (_v, row) => (
        <Select
          aria-label={`${t('template.column.field')} ${row.index + 1}`}
          style={{ width: 220 }}
          value={row.field}
          disabled={!editable}
          options={templateFields.map((field) => ({ value: field, label: t(`field.${field}`) }))}
          onChange={(field) => changeColumn(row.index, { field, format: undefined })}
        />
      ),
    },
    {
      title: t('template.column.format'),
      key: 'format',
      render: (_v, row) => {
        const formats = fieldFormats[row.field];
        if (!formats) return null;
        return (
          <Select
            aria-label={`${t('template.column.format')} ${row.index + 1}`}
            style={{ width: 140 }}
            value={row.format ?? formats[0]}
            disabled={!editable}
            options={formats.map((format) => ({ value: format, label: row.field === 'amountVnd' ? t(`format.${format as 'plain' | 'dot-thousands'}`) : format }))}
            onChange={(format) => changeColumn(row.index, { format })}
          />
        );
      },
    },
    {
      key: 'order',
      width: 150,
      render: (_v, row) =>
        editable && (
          <Space size={4}>
            <Button size="small" icon={<ArrowUpOutlined />} title={t('template.up')} aria-label={`${t('template.up')} ${row.index + 1}`} disabled={row.index === 0} onClick={() => change({ columns: moved(draft!.columns, row.index, -1) })} />
            <Button size="small" icon={<ArrowDownOutlined />} title={t('template.down')} aria-label={`${t('template.down')} ${row.index + 1}`} disabled={row.index === draft!.columns.length - 1} onClick={() => change({ columns: moved(draft!.columns, row.index, 1) })} />
            <Button size="small" danger icon={<DeleteOutlined />} title={t('template.remove')} aria-label={`${t('template.remove')} ${row.index + 1}`} onClick={() => change({ columns: draft!.columns.filter((_c, at) => at !== row.index) })} />
          </Space>
        ),
    },
  ];

  const previewColumns = (preview?.header ?? preview?.rows[0]?.map((_cell, index) => String(index + 1)) ?? []).map((title, index) => ({ title, dataIndex: index, key: index }));
  const previewRows = [...(preview?.rows ?? []), ...(preview?.total ? [preview.total] : [])].map((cells, row) => ({ key: row, ...Object.fromEntries(cells.map((cell, index) => [index, cell])) }));

  return (
    <Modal
      open
      width={1100}
      title={t('template.title', { provider: providerName })}
      okText={t('template.save')}
      okButtonProps={{ disabled: !editable || !draft }}
      confirmLoading={saving}
      onOk={() => draft && void save({ template: draft })}
      onCancel={onClose}
      destroyOnHidden
    >
      <ErrorAlert error={current.error ?? error} onClose={() => setError(undefined)} />
      {!draft ? (
        <Spin />
      ) : (
        <div data-testid="template-editor">
          {current.data && <Typography.Paragraph type="secondary">{t('template.current', { name: current.data.source === 'shipped' ? current.data.name : `${current.data.name} (v${current.data.version})` })}</Typography.Paragraph>}
          {editable && (
            <Space style={{ marginBottom: 12 }}>
              <Select aria-label={t('template.shipped')} placeholder={t('template.shipped')} style={{ width: 260 }} value={shipped} onChange={setShipped} options={shippedTemplateNames.map((name) => ({ value: name, label: name }))} />
              <Button disabled={!shipped} loading={saving} onClick={() => shipped && void save({ shipped })}>
                {t('template.applyShipped')}
              </Button>
            </Space>
          )}
          <Space wrap align="end" style={{ marginBottom: 12 }}>
            <label>
              {t('template.name')}
              <Input aria-label={t('template.name')} value={draft.name} disabled={!editable} onChange={(event) => change({ name: event.target.value })} style={{ width: 320 }} />
            </label>
            <label>
              {t('template.format')}
              <Select aria-label={t('template.format')} value={draft.format} disabled={!editable} style={{ width: 100, display: 'block' }} onChange={(format) => change({ format })} options={[{ value: 'csv', label: 'CSV' }, { value: 'xlsx', label: 'XLSX' }]} />
            </label>
            <label>
              {t('template.encoding')}
              <Select aria-label={t('template.encoding')} value={draft.encoding} disabled={!editable} style={{ width: 200, display: 'block' }} onChange={(encoding) => change({ encoding })} options={(['utf-8', 'utf-8-bom'] as const).map((value) => ({ value, label: t(`template.encoding.${value}`) }))} />
            </label>
            <label>
              {t('template.delimiter')}
              <Select aria-label={t('template.delimiter')} value={draft.delimiter} disabled={!editable} style={{ width: 100, display: 'block' }} onChange={(delimiter) => change({ delimiter })} options={delimiters.map((value) => ({ value, label: value === '\t' ? t('template.delimiter.tab') : value }))} />
            </label>
            <label>
              {t('template.text')}
              <Select aria-label={t('template.text')} value={draft.text} disabled={!editable} style={{ width: 240, display: 'block' }} onChange={(text) => change({ text })} options={(['bank-ascii', 'utf8'] as const).map((value) => ({ value, label: t(`template.text.${value}`) }))} />
            </label>
            <label>
              {t('template.sheetName')}
              <Input aria-label={t('template.sheetName')} value={draft.sheetName} disabled={!editable} onChange={(event) => change({ sheetName: event.target.value })} style={{ width: 160 }} />
            </label>
            <Checkbox checked={draft.header} disabled={!editable} onChange={(event) => change({ header: event.target.checked })}>
              {t('template.header')}
            </Checkbox>
            <Checkbox checked={draft.totalRow} disabled={!editable} onChange={(event) => change({ totalRow: event.target.checked })}>
              {t('template.totalRow')}
            </Checkbox>
          </Space>
          {draft.note && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('template.note')} description={draft.note} />}
          <Typography.Title level={5}>{t('template.columns')}</Typography.Title>
          <Table rowKey="index" size="small" pagination={false} columns={columns} dataSource={columnRows} data-testid="template-columns" />
          {editable && (
            <Button icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => change({ columns: [...draft.columns, { header: '', field: 'blank' }] })}>
              {t('template.add')}
            </Button>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('template.preview')}
          </Typography.Title>
          <ErrorAlert error={previewError} />
          <Table size="small" pagination={false} columns={previewColumns} dataSource={previewRows} scroll={{ x: true }} data-testid="template-preview" />
        </div>
      )}
    </Modal>
  );
}
