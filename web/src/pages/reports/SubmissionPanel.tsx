import { BellOutlined, CheckOutlined, EyeOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, errorMessage, isRouteMissing } from '../../api/client';
import { useApiData } from '../../api/useApiData';
import { useSession } from '../../auth';
import { ActionDialog, useAction } from '../../components/ActionDialog';
import { DataTable } from '../../components/DataTable';
import { Money } from '../../components/Money';
import { formatDate, formatDateTime, formatInteger, formatMonth } from '../../format';
import { CodeTag } from '../common/CodeTags';
import { ShareCell, type UnitStep } from './ShareCell';
import { submissionStatusColors, submissionStatusNames, useReportsTexts } from './texts';
import type { MonthlyRow, Submission, SubmissionDetail, SubmissionList, SubmissionRow, SubmitResult } from './types';

const base = '/api/v1/reports/submissions';

type Dialog = { kind: 'submit' } | { kind: 'confirm' | 'return'; row: SubmissionRow } | { kind: 'view'; submission: Submission };

function StatusTag({ row }: { row: SubmissionRow }) {
  const t = useReportsTexts();
  return (
    <Space size={4} wrap>
      <CodeTag code={row.status} names={submissionStatusNames} colors={submissionStatusColors} />
      {row.late && (
        <Tag color="error" data-testid={`late-${row.unit}`}>
          {row.status === 'NOT_SUBMITTED' ? t('submission.overdue') : t('submission.late')}
        </Tag>
      )}
    </Space>
  );
}

/** Who submitted, confirmed or returned the report, and when. */
function SubmissionFacts({ submission }: { submission: Submission }) {
  const t = useReportsTexts();
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text type="secondary">{t('submission.submittedBy', { actor: submission.submittedBy, time: formatDateTime(submission.submittedAt) })}</Typography.Text>
      {submission.confirmedBy && <Typography.Text type="secondary">{t('submission.confirmedBy', { actor: submission.confirmedBy, time: formatDateTime(submission.confirmedAt) })}</Typography.Text>}
      {submission.returnedBy && (
        <Typography.Text type="warning">
          {t('submission.returnedBy', { actor: submission.returnedBy, time: formatDateTime(submission.returnedAt), reason: submission.returnReason ?? '' })}
        </Typography.Text>
      )}
    </Space>
  );
}

/** The figures of a frozen report that an approver checks. */
function FrozenFigures({ total }: { total: MonthlyRow }) {
  const t = useReportsTexts();
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        { key: 'people', label: t('monthly.people'), children: formatInteger(total.people) },
        { key: 'due', label: t('monthly.due'), children: <Money value={total.dueVnd} /> },
        { key: 'paid', label: t('monthly.paid'), children: <>{formatInteger(total.paid.people)} · <Money value={total.paid.amountVnd} /></> },
        { key: 'failed', label: t('monthly.failed'), children: <>{formatInteger(total.failed.people)} · <Money value={total.failed.amountVnd} /></> },
        { key: 'returned', label: t('monthly.returned'), children: <>{formatInteger(total.returned.people)} · <Money value={total.returned.amountVnd} /></> },
        { key: 'carried', label: t('monthly.carriedOver'), children: <>{formatInteger(total.carriedOver.people)} · <Money value={total.carriedOver.amountVnd} /></> },
        { key: 'outstanding', label: t('monthly.outstanding'), children: <>{formatInteger(total.outstanding.people)} · <Money value={total.outstanding.amountVnd} /></> },
        { key: 'fees', label: t('monthly.fees'), children: <Money value={total.feesVnd} /> },
        { key: 'share', label: t('monthly.share'), children: <ShareCell row={total} /> },
      ]}
    />
  );
}

/** A frozen version as it was submitted: the figures that matter, read from the stored report. */
function SubmissionView({ submission, onClose }: { submission: Submission; onClose(): void }) {
  const t = useReportsTexts();
  const detail = useApiData<SubmissionDetail>(`${base}/${submission.id}`);
  const frozen = detail.data;
  return (
    <Modal open title={t('submission.frozen', { version: submission.version, month: formatMonth(submission.month) })} footer={null} onCancel={onClose} width={640} destroyOnHidden>
      {detail.error ? (
        <Alert type="error" showIcon title={errorMessage(detail.error)} />
      ) : !frozen ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="submission-frozen">
          <SubmissionFacts submission={frozen} />
          <FrozenFigures total={frozen.report.total} />
        </Space>
      )}
    </Modal>
  );
}

/** Submit, confirm or return: a dialog whose refusal by the server (same person, wrong state…) shows inside it. */
function StepDialog({
  dialog,
  month,
  unit,
  programme,
  onClose,
  onDone,
}: {
  dialog: Exclude<Dialog, { kind: 'view' }>;
  month: string;
  unit: UnitStep;
  programme: string | undefined;
  onClose(): void;
  onDone(message: string): void;
}) {
  const t = useReportsTexts();
  const [form] = Form.useForm<{ text?: string }>();
  const action = useAction();
  const target = dialog.kind === 'submit' ? unit.name : (dialog.row.name ?? dialog.row.unit);
  const submission = dialog.kind === 'submit' ? null : dialog.row.submission;
  const send = (text: string | undefined) =>
    action.run(async () => {
      if (dialog.kind === 'submit') {
        const result = await api.post<SubmitResult>(base, { month, unit: unit.code, programme });
        const version = result.submission.version;
        onDone(result.changed ? t('submission.submitted', { version }) : t('submission.unchanged', { version }));
      } else if (dialog.kind === 'confirm') {
        await api.post<Submission>(`${base}/${submission!.id}/confirm`, { comment: text });
        onDone(t('submission.confirmed'));
      } else {
        await api.post<Submission>(`${base}/${submission!.id}/return`, { reason: text });
        onDone(t('submission.returnedDone'));
      }
    });
  const titles = { submit: t('submission.submitTitle', { month: formatMonth(month) }), confirm: t('submission.confirmTitle', { unit: target }), return: t('submission.returnTitle', { unit: target }) };
  const okTexts = { submit: t('submission.submit'), confirm: t('submission.confirm'), return: t('submission.return') };
  return (
    <ActionDialog
      title={titles[dialog.kind]}
      okText={okTexts[dialog.kind]}
      danger={dialog.kind === 'return'}
      running={action.running}
      error={action.error}
      errorTestId="submission-error"
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      {dialog.kind === 'submit' && <Typography.Paragraph>{t('submission.submitHelp')}</Typography.Paragraph>}
      {dialog.kind === 'confirm' && <Typography.Paragraph type="secondary">{t('submission.confirmHelp')}</Typography.Paragraph>}
      {submission && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text strong>{t('submission.version', { version: submission.version })}</Typography.Text>
          <br />
          <SubmissionFacts submission={submission} />
        </div>
      )}
      <Form form={form} layout="vertical" onFinish={(values) => void send(values.text?.trim() || undefined)}>
        {dialog.kind === 'confirm' && (
          <Form.Item name="text" label={t('submission.comment')} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
        {dialog.kind === 'return' && (
          <Form.Item name="text" label={t('submission.reason')} rules={[{ required: true, whitespace: true, message: t('submission.reasonRequired') }]} style={{ marginBottom: 0 }}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </ActionDialog>
  );
}

/** What the user may do with one commune's report; the server checks each step again. */
function useRowActions() {
  const { can, user } = useSession();
  return {
    canSubmit: can('payroll.prepare'),
    // The submitter never confirms their own report: the button is not offered to them.
    canConfirm: (row: SubmissionRow) => can('payroll.approve') && row.status === 'SUBMITTED' && row.submission?.submittedBy !== user.username,
    // The province returns a commune's report, the country a province's: never the unit itself.
    canReturn: (row: SubmissionRow) => can('payroll.approve') && user.scopeLevel !== 'commune' && (row.status === 'SUBMITTED' || row.status === 'CONFIRMED'),
  };
}

/** A commune's own report: its status, the versions submitted, and the next step. */
function CommuneSubmission({ row, dueDate, onDialog }: { row: SubmissionRow; dueDate: string | null; onDialog(dialog: Dialog): void }) {
  const t = useReportsTexts();
  const actions = useRowActions();
  const submission = row.submission;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="submission-commune">
      <Flex gap={8} wrap align="center">
        <Typography.Text type="secondary">{t('submission.status')}:</Typography.Text>
        <StatusTag row={row} />
        {submission && <Typography.Text>{t('submission.version', { version: submission.version })}</Typography.Text>}
        {dueDate && <Typography.Text type={row.late ? 'danger' : 'secondary'}>{t('submission.due', { date: formatDate(dueDate) })}</Typography.Text>}
      </Flex>
      {submission && <SubmissionFacts submission={submission} />}
      <Space wrap>
        {actions.canSubmit && (
          <Button type="primary" icon={<SendOutlined />} onClick={() => onDialog({ kind: 'submit' })}>
            {submission ? t('submission.resubmit') : t('submission.submit')}
          </Button>
        )}
        {actions.canConfirm(row) && (
          <Button icon={<CheckOutlined />} onClick={() => onDialog({ kind: 'confirm', row })}>
            {t('submission.confirm')}
          </Button>
        )}
        {actions.canReturn(row) && (
          <Button danger icon={<RollbackOutlined />} onClick={() => onDialog({ kind: 'return', row })}>
            {t('submission.return')}
          </Button>
        )}
      </Space>
      {submission && <VersionHistory submission={submission} onDialog={onDialog} />}
    </Space>
  );
}

/** Every version submitted, the latest first; each stays readable as it was frozen. */
function VersionHistory({ submission, onDialog }: { submission: Submission; onDialog(dialog: Dialog): void }) {
  const t = useReportsTexts();
  const detail = useApiData<SubmissionDetail>(`${base}/${submission.id}`);
  const versions = [...(detail.data?.versions ?? [submission])].sort((a, b) => b.version - a.version);
  return (
    <div data-testid="submission-versions">
      <Typography.Text type="secondary">{t('submission.versions')}:</Typography.Text>{' '}
      <Space wrap size={4}>
        {versions.map((version) => (
          <Button key={version.id} size="small" type="link" onClick={() => onDialog({ kind: 'view', submission: version })}>
            {t('submission.version', { version: version.version })} · {formatDateTime(version.submittedAt)}
            {version.id === submission.id && ` ${t('submission.current')}`}
          </Button>
        ))}
      </Space>
    </div>
  );
}

/**
 * The view from above: each child unit's status (a province's communes, the country's provinces),
 * who is late (in red), confirm and return; a province also submits its own roll-up.
 */
function UnitsStatus({ month, list, onDialog }: { month: string; list: SubmissionList; onDialog(dialog: Dialog): void }) {
  const t = useReportsTexts();
  const { can } = useSession();
  const { message } = App.useApp();
  const reminding = useAction();
  const actions = useRowActions();
  const province = list.unit !== null && /^\d{2}$/.test(list.unit);
  const submitted = list.rows.filter((row) => row.status !== 'NOT_SUBMITTED' && row.status !== 'RETURNED').length;
  const confirmed = list.rows.filter((row) => row.status === 'CONFIRMED').length;
  // Overdue: still to be (re)submitted after the due date; late: submitted after it.
  const overdue = list.rows.filter((row) => row.late && (row.status === 'NOT_SUBMITTED' || row.status === 'RETURNED')).length;
  const late = list.rows.filter((row) => row.late).length - overdue;
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      <Flex gap={12} wrap>
        <Typography.Text strong>{t('submission.counts', { submitted, total: list.rows.length, confirmed, overdue, late })}</Typography.Text>
        {list.dueDate && <Typography.Text type="secondary">{t('submission.due', { date: formatDate(list.dueDate) })}</Typography.Text>}
        {overdue > 0 && can('payroll.approve') && (
          <Button
            size="small"
            icon={<BellOutlined />}
            loading={reminding.running}
            onClick={() =>
              void reminding.run(async () => {
                const sent = await api.post<{ units: string[]; messages: number }>(`${base}/remind`, { month, unit: list.unit ?? 'VN' });
                message.success(t('submission.reminded', { units: sent.units.length, messages: sent.messages }));
              })
            }
          >
            {t('submission.remind')}
          </Button>
        )}
        {province && actions.canSubmit && (
          <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => onDialog({ kind: 'submit' })}>
            {t('submission.submitProvince')}
          </Button>
        )}
      </Flex>
      {reminding.error && <Alert type="error" showIcon title={reminding.error} />}
      <DataTable<SubmissionRow>
        rowKey="unit"
        size="small"
        pageSize={20}
        minWidth={760}
        dataSource={list.rows}
        data-testid="submission-communes"
        rowClassName={(row) => (row.late ? 'row-late' : '')}
        columns={[
          {
            key: 'unit',
            title: t('monthly.unit'),
            render: (_: unknown, row) => (
              <Typography.Text type={row.late ? 'danger' : undefined} strong={row.late}>
                {row.name ?? row.unit}
              </Typography.Text>
            ),
          },
          { key: 'status', title: t('submission.status'), render: (_: unknown, row) => <StatusTag row={row} /> },
          { key: 'version', title: t('submission.versions'), render: (_: unknown, row) => (row.submission ? t('submission.version', { version: row.submission.version }) : '—') },
          {
            key: 'who',
            title: t('submission.who'),
            render: (_: unknown, row) => (row.submission ? <SubmissionFacts submission={row.submission} /> : '—'),
          },
          {
            key: 'actions',
            title: t('submission.actions'),
            render: (_: unknown, row) => (
              <Space wrap size={4}>
                {row.submission && (
                  <Button size="small" icon={<EyeOutlined />} onClick={() => onDialog({ kind: 'view', submission: row.submission! })} aria-label={t('submission.view')} />
                )}
                {actions.canConfirm(row) && (
                  <Button size="small" icon={<CheckOutlined />} onClick={() => onDialog({ kind: 'confirm', row })}>
                    {t('submission.confirm')}
                  </Button>
                )}
                {actions.canReturn(row) && (
                  <Button size="small" danger icon={<RollbackOutlined />} onClick={() => onDialog({ kind: 'return', row })}>
                    {t('submission.return')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}

/**
 * The report's submission for the unit looked at (for the programme chosen, or all of them): a
 * commune sees its own report's status and submits it; a province sees each commune's and submits
 * its roll-up; the country sees each province's.
 */
export function SubmissionPanel({ month, unit, programme }: { month: string; unit: UnitStep; programme?: string }) {
  const t = useReportsTexts();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>();
  const commune = /^\d{5}$/.test(unit.code);
  const list = useApiData<SubmissionList>(base, { month, unit: unit.code, programme });
  const own = commune ? list.data?.rows.find((row) => row.unit === unit.code) : undefined;

  return (
    <Card size="small" title={t('submission.title')} data-testid="submission-panel">
      {list.error ? (
        isRouteMissing(list.error) ? (
          <Typography.Text type="secondary">{t('submission.unavailable')}</Typography.Text>
        ) : (
          <Alert type="error" showIcon title={errorMessage(list.error)} />
        )
      ) : !list.data ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : commune ? (
        <CommuneSubmission row={own ?? { unit: unit.code, name: unit.name, status: 'NOT_SUBMITTED', late: false, submission: null }} dueDate={list.data.dueDate} onDialog={setDialog} />
      ) : (
        <UnitsStatus month={month} list={list.data} onDialog={setDialog} />
      )}
      {dialog?.kind === 'view' && <SubmissionView submission={dialog.submission} onClose={() => setDialog(undefined)} />}
      {dialog && dialog.kind !== 'view' && (
        <StepDialog
          dialog={dialog}
          month={month}
          unit={unit}
          programme={programme}
          onClose={() => setDialog(undefined)}
          onDone={(text) => {
            setDialog(undefined);
            message.success(text);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}
