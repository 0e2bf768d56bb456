import { ArrowLeftOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Select, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError, errorMessage } from '../../../api/client';
import { useApiData } from '../../../api/useApiData';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { PageHeader } from '../../../components/PageHeader';
import { useI18n, useLabel } from '../../../language';
import { useLocality } from '../../../locality';
import { categoryNames, templateColumnNames } from '../../common/codes';
import type { BeneficiaryDetail, ImportReport, RowIssue } from '../../common/types';
import { useRegistryLinks } from '../links';
import { useRegistryTexts } from '../texts';
import { BenefitSection, PaymentSection, PersonSection, RepresentativeSection, StatusSection } from './FormSections';
import { editableEnrolments, emptyValues, enrolmentValues, isFormField, newEnrolmentValues, toTemplateRow, type FormValues } from './formModel';

/** Issues the form cannot show next to a field (a hidden field, or none): listed above the form. */
function OtherIssues({ issues }: { issues: RowIssue[] }) {
  const t = useRegistryTexts();
  const { pick } = useI18n();
  const label = useLabel();
  if (issues.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('form.invalid')}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {issues.map((issue, index) => (
            <li key={index}>
              {issue.field && <strong>{label(templateColumnNames, issue.field)}: </strong>}
              {pick(issue)}
            </li>
          ))}
        </ul>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

function BeneficiaryForm({ initial, editing, provinceCode, onSaved }: { initial: FormValues; editing: boolean; provinceCode: string | null; onSaved(personalId: string): void }) {
  const t = useRegistryTexts();
  const { pick, t: shell } = useI18n();
  const { message, notification } = App.useApp();
  const links = useRegistryLinks();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [otherIssues, setOtherIssues] = useState<RowIssue[]>([]);
  const programme = Form.useWatch('chuong_trinh', form);
  const category = Form.useWatch('ma_doi_tuong', form);
  const status = Form.useWatch('trang_thai', form);
  const channel = Form.useWatch('hinh_thuc_nhan', form);
  const kind = Form.useWatch('nguoi_nhan_thay_loai', form);

  function showIssues(issues: RowIssue[]) {
    const visible = new Set(Object.keys(form.getFieldsValue()));
    const byField = new Map<string, string[]>();
    const other: RowIssue[] = [];
    for (const issue of issues) {
      const text = pick(issue);
      if (isFormField(issue.field) && visible.has(issue.field)) byField.set(issue.field, [...(byField.get(issue.field) ?? []), text]);
      else other.push(issue);
    }
    form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof FormValues, errors })));
    setOtherIssues(other);
    const first = [...byField.keys()][0];
    if (first) form.scrollToField(first as keyof FormValues, { behavior: 'smooth', block: 'center' });
  }

  async function submit(values: FormValues) {
    setSaving(true);
    setProblem(undefined);
    setOtherIssues([]);
    const row = toTemplateRow(values);
    try {
      const report = await api.post<ImportReport>('/api/v1/beneficiaries', row);
      message.success(t('form.saved'));
      if ((report.changes?.proposals ?? 0) > 0) notification.info({ title: t('form.proposalCreated'), description: t('form.proposalCreatedDetail'), duration: 8 });
      if (report.warnings.length > 0) {
        notification.warning({
          title: t('form.savedWithWarnings'),
          description: report.warnings.map((issue) => pick(issue)).join(' · '),
          duration: 0,
        });
      }
      onSaved(row.so_dinh_danh ?? '');
    } catch (error) {
      if (error instanceof ApiError && Array.isArray(error.details.issues)) showIssues(error.details.issues as RowIssue[]);
      else setProblem(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(values) => void submit(values)}
      onValuesChange={(changed: FormValues) => {
        if (changed.chuong_trinh !== undefined) form.setFieldsValue({ ma_doi_tuong: undefined });
        if (changed.hinh_thuc_nhan !== undefined) form.setFieldsValue({ ma_to_chuc: changed.hinh_thuc_nhan === 'TIEN_MAT' || changed.hinh_thuc_nhan === 'TAI_NHA' ? 'VNPOST' : undefined });
      }}
      scrollToFirstError
    >
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} role="alert" />}
      <OtherIssues issues={otherIssues} />
      <Flex vertical gap={16}>
        <PersonSection editing={editing} provinceCode={provinceCode} />
        <BenefitSection editing={editing} programme={programme} category={category} />
        <StatusSection status={status} />
        <PaymentSection channel={channel} editing={editing} />
        <RepresentativeSection kind={kind} />
        <Flex gap={8} justify="flex-end" wrap>
          <Button onClick={() => links.back()}>{shell('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>
            {t('form.save')}
          </Button>
        </Flex>
      </Flex>
    </Form>
  );
}

/**
 * Create a beneficiary (`form=new`, optionally `from=` a person to add another enrolment) or edit
 * one enrolment of a person (`form=edit&id=&category=`). Saving posts one template row.
 */
export function BeneficiaryFormView({ personalId, category, fromPersonalId }: { personalId?: string; category?: string | null; fromPersonalId?: string | null }) {
  const t = useRegistryTexts();
  const { t: shell } = useI18n();
  const label = useLabel();
  const { locality } = useLocality();
  const links = useRegistryLinks();
  const source = personalId ?? fromPersonalId ?? null;
  const detail = useApiData<BeneficiaryDetail>(source ? `/api/v1/beneficiaries/${source}` : null);
  const editing = Boolean(personalId);
  const enrolments = detail.data ? editableEnrolments(detail.data) : [];
  const enrolment = enrolments.find((item) => item.category === category) ?? enrolments[0];

  let initial: FormValues | null = null;
  if (!source) initial = { ...emptyValues, ma_don_vi: locality.commune?.code };
  else if (detail.data && editing && enrolment) initial = enrolmentValues(detail.data, enrolment);
  else if (detail.data && !editing) initial = newEnrolmentValues(detail.data);

  const title = editing ? t('form.editTitle', { name: detail.data?.person.fullName ?? '' }) : fromPersonalId ? t('form.addEnrolmentTitle', { name: detail.data?.person.fullName ?? '' }) : t('form.newTitle');
  return (
    <>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => links.back()} style={{ paddingLeft: 0, marginBottom: 4 }}>
        {shell('common.back')}
      </Button>
      <PageHeader
        title={title}
        subtitle={t('form.subtitle')}
        extra={
          editing && enrolments.length > 1 && enrolment ? (
            <Flex align="center" gap={8}>
              <Typography.Text type="secondary">{t('form.editingEnrolment')}</Typography.Text>
              <Select
                style={{ minWidth: 260 }}
                value={enrolment.category}
                onChange={(next: string) => links.edit(personalId!, next)}
                options={enrolments.map((item) => ({ value: item.category, label: label(categoryNames, item.category) }))}
              />
            </Flex>
          ) : undefined
        }
      />
      <ErrorAlert error={detail.error} />
      {!initial ? (
        !detail.error && <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <BeneficiaryForm initial={initial} editing={editing} provinceCode={detail.data?.person.provinceCode ?? locality.province?.code ?? null} onSaved={(id) => links.savedDetail(id)} />
      )}
    </>
  );
}
