import { Alert, Card, Col, DatePicker, Form, Input, Radio, Row, Select } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useSession } from '../../../auth';
import { useCodeOptions, useI18n, useLabel } from '../../../language';
import { useLocality } from '../../../locality';
import { filterUnitOption, unitOptions, useCommunes, type UnitOption } from '../../../units';
import { ChannelChoice } from '../../common/CodeTags';
import {
  accountChannels,
  categories,
  categoryByCode,
  enrolmentStatuses,
  enrolmentStatusNames,
  programmeNames,
  programmes,
  representativeKindNames,
  representativeKinds,
  statusReasonNames,
  statusReasons,
  templateColumnNames,
} from '../../common/codes';
import { providerOptions, useProviders } from '../../common/providers';
import { foldedSearch } from '../../common/select';
import { useRegistryTexts } from '../texts';
import type { FieldName } from './formModel';

const half = { xs: 24, md: 12 } as const;
const third = { xs: 24, md: 12, xl: 8 } as const;
const notFuture = (date: dayjs.Dayjs) => date.isAfter(dayjs(), 'day');

/** A form item named after its template column, labelled with the column's Vietnamese name. */
function Field({ name, required, extra, children, hidden }: { name: FieldName; required?: boolean; extra?: ReactNode; children: ReactNode; hidden?: boolean }) {
  const label = useLabel();
  // `required` only marks the label: the server checks every value and says what is wrong, with
  // the same messages as the import.
  return (
    <Form.Item name={name} label={label(templateColumnNames, name)} required={required} extra={extra} hidden={hidden}>
      {children}
    </Form.Item>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card title={title} size="small">
      <Row gutter={16}>{children}</Row>
    </Card>
  );
}

export function PersonSection({ editing, provinceCode }: { editing: boolean; provinceCode: string | null }) {
  const t = useRegistryTexts();
  const { locality, fixed } = useLocality();
  const communes = useCommunes(provinceCode ?? locality.province?.code ?? null);
  return (
    <Section title={t('form.person')}>
      <Col {...half}>
        <Field name="ho_ten" required>
          <Input maxLength={200} autoComplete="off" />
        </Field>
      </Col>
      <Col {...half}>
        <Field name="so_dinh_danh" required extra={editing ? t('form.idLocked') : t('form.idHelp')}>
          <Input inputMode="numeric" maxLength={12} disabled={editing} autoComplete="off" />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="ngay_sinh" required>
          <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} disabledDate={notFuture} />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="gioi_tinh" required>
          <Radio.Group options={[{ value: 'Nam', label: t('sex.M') }, { value: 'Nữ', label: t('sex.F') }]} />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="so_dien_thoai">
          <Input inputMode="tel" maxLength={15} placeholder="09xxxxxxxx" />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="ma_don_vi" required>
          <Select<string, UnitOption>
            showSearch={{ filterOption: filterUnitOption }}
            disabled={fixed.commune}
            loading={communes.loading}
            options={unitOptions(communes.data)}
            placeholder={t('form.communePlaceholder')}
          />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="dia_chi">
          <Input maxLength={250} placeholder={t('form.addressPlaceholder')} />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="so_cmnd" extra={t('form.legacyHelp')}>
          <Input inputMode="numeric" maxLength={9} />
        </Field>
      </Col>
    </Section>
  );
}

export function BenefitSection({ editing, programme, category }: { editing: boolean; programme?: string; category?: string }) {
  const t = useRegistryTexts();
  const { pick } = useI18n();
  const options = useCodeOptions();
  const { can } = useSession();
  const info = category ? categoryByCode.get(category) : undefined;
  const choices = categories.filter((item) => (!programme || item.programme === programme) && (can('registry.readHiv') || !item.hiv));
  return (
    <Section title={t('form.benefit')}>
      {editing && (
        <Col span={24}>
          <Alert type="info" showIcon title={t('form.categoryLocked')} style={{ marginBottom: 12 }} />
        </Col>
      )}
      <Col {...third}>
        <Field name="chuong_trinh" required>
          <Select disabled={editing} options={options(programmes, programmeNames)} placeholder={t('form.choose')} />
        </Field>
      </Col>
      <Col xs={24} md={12} xl={16}>
        <Field name="ma_doi_tuong" required>
          <Select
            disabled={editing}
            showSearch={foldedSearch}
            options={choices.map((item) => ({ value: item.code, label: pick(item) }))}
            placeholder={t('form.choose')}
          />
        </Field>
      </Col>
      {info?.needsChildren && (
        <Col {...third}>
          <Field name="so_con" required>
            <Input inputMode="numeric" maxLength={2} />
          </Field>
        </Col>
      )}
      {info?.injuryRate && (
        <Col {...third}>
          <Field name="ty_le_ton_thuong" required extra={t('form.injuryHelp', { min: info.injuryRate.min, max: info.injuryRate.max })}>
            <Input inputMode="numeric" maxLength={3} suffix="%" />
          </Field>
        </Col>
      )}
      <Col {...third}>
        <Field name="so_quyet_dinh" required>
          <Input maxLength={60} placeholder="125/QĐ-UBND" />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="ngay_quyet_dinh" required>
          <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} disabledDate={notFuture} />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="thang_bat_dau" required>
          <DatePicker picker="month" format="MM/YYYY" placeholder="mm/yyyy" style={{ width: '100%' }} />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="chi_tra_den_thang" extra={t('form.paidThroughHelp')}>
          <DatePicker picker="month" format="MM/YYYY" placeholder="mm/yyyy" style={{ width: '100%' }} />
        </Field>
      </Col>
    </Section>
  );
}

export function StatusSection({ status }: { status?: string }) {
  const t = useRegistryTexts();
  const options = useCodeOptions();
  const stopped = status === 'TAM_DUNG' || status === 'THOI_HUONG';
  return (
    <Section title={t('form.status')}>
      <Col span={24}>
        <Field name="trang_thai">
          <Radio.Group optionType="button" options={options(enrolmentStatuses, enrolmentStatusNames)} />
        </Field>
      </Col>
      {stopped && (
        <>
          <Col {...half}>
            <Field name="ly_do" required>
              <Select options={options(statusReasons, statusReasonNames)} placeholder={t('form.choose')} />
            </Field>
          </Col>
          <Col {...half}>
            <Field name="ngay_su_kien" required extra={t('form.eventHelp')}>
              <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} disabledDate={notFuture} />
            </Field>
          </Col>
        </>
      )}
    </Section>
  );
}

export function PaymentSection({ channel, editing }: { channel?: string; editing: boolean }) {
  const t = useRegistryTexts();
  const providers = useProviders();
  const account = accountChannels.includes(channel ?? '');
  return (
    <Section title={t('form.payment')}>
      {editing && (
        <Col span={24}>
          <Alert type="info" showIcon title={t('form.accountChangeApproval')} style={{ marginBottom: 12 }} />
        </Col>
      )}
      <Col span={24}>
        <Field name="hinh_thuc_nhan" required>
          <ChannelChoice />
        </Field>
      </Col>
      <Col {...third}>
        <Field name="ma_to_chuc" required>
          <Select showSearch={foldedSearch} loading={providers.loading} options={providerOptions(providers.data, channel)} placeholder={t('form.choose')} />
        </Field>
      </Col>
      {account && (
        <>
          <Col {...third}>
            <Field name="so_tai_khoan" required extra={channel === 'TK_NGAN_HANG' ? t('form.accountHelp') : t('form.walletHelp')}>
              <Input inputMode="numeric" maxLength={30} />
            </Field>
          </Col>
          <Col {...third}>
            <Field name="chu_tai_khoan" required extra={t('form.holderHelp')}>
              <Input maxLength={200} />
            </Field>
          </Col>
        </>
      )}
    </Section>
  );
}

export function RepresentativeSection({ kind }: { kind?: string }) {
  const t = useRegistryTexts();
  const options = useCodeOptions();
  return (
    <Section title={t('form.representative')}>
      <Col span={24}>
        <Field name="nguoi_nhan_thay_loai" extra={t('form.representativeHelp')}>
          <Radio.Group
            optionType="button"
            options={[{ value: '', label: t('form.noRepresentative') }, ...options(representativeKinds, representativeKindNames)]}
          />
        </Field>
      </Col>
      {kind && (
        <>
          <Col {...third}>
            <Field name="nguoi_nhan_thay_ho_ten" required>
              <Input maxLength={200} />
            </Field>
          </Col>
          <Col {...third}>
            <Field name="nguoi_nhan_thay_so_dinh_danh" required>
              <Input inputMode="numeric" maxLength={12} />
            </Field>
          </Col>
          <Col {...third}>
            <Field name="nguoi_nhan_thay_quan_he">
              <Input maxLength={60} placeholder={t('form.relationshipPlaceholder')} />
            </Field>
          </Col>
          {kind === 'UY_QUYEN' && (
            <Col {...third}>
              <Field name="giay_uy_quyen_het_han" required>
                <DatePicker format="DD/MM/YYYY" placeholder="dd/mm/yyyy" style={{ width: '100%' }} />
              </Field>
            </Col>
          )}
        </>
      )}
    </Section>
  );
}
