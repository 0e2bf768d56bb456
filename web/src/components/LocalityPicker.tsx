import { EnvironmentOutlined } from '@ant-design/icons';
import { Flex, Select, Typography } from 'antd';
import { useI18n } from '../language';
import { useLocality } from '../locality';
import { filterUnitOption, unitOptions, useCommunes, useProvinces, type UnitOption } from '../units';

const selectStyle = { minWidth: 200, maxWidth: '100%' } as const;

/** Province choice for national users. */
function ProvinceSelect() {
  const { t } = useI18n();
  const { locality, setProvince } = useLocality();
  const provinces = useProvinces();
  return (
    <Select<string, UnitOption>
      aria-label={t('locality.province')}
      style={selectStyle}
      placeholder={t('locality.allProvinces')}
      allowClear
      showSearch={{ filterOption: filterUnitOption }}
      loading={provinces.loading}
      status={provinces.error ? 'error' : undefined}
      value={locality.province?.code}
      options={unitOptions(provinces.data)}
      onChange={(_code, option) => setProvince(option && !Array.isArray(option) ? option.unit : null)}
      notFoundContent={provinces.error ? t('locality.loadFailed') : undefined}
    />
  );
}

/** Commune choice within the chosen (or the user's) province; empty = the whole province. */
function CommuneSelect() {
  const { t } = useI18n();
  const { locality, setCommune } = useLocality();
  const communes = useCommunes(locality.province?.code ?? null);
  return (
    <Select<string, UnitOption>
      aria-label={t('locality.commune')}
      style={{ ...selectStyle, minWidth: 220 }}
      placeholder={t('locality.allCommunes')}
      allowClear
      showSearch={{ filterOption: filterUnitOption }}
      loading={communes.loading}
      status={communes.error ? 'error' : undefined}
      value={locality.commune?.code}
      options={unitOptions(communes.data)}
      onChange={(_code, option) => setCommune(option && !Array.isArray(option) ? option.unit : null)}
      notFoundContent={communes.error ? t('locality.loadFailed') : undefined}
    />
  );
}

/**
 * "Địa bàn" in the header. What it offers follows the user's scope: a national user picks a
 * province then a commune, a provincial user picks a commune of their province, a commune user
 * sees their commune (nothing to pick).
 */
export function LocalityPicker() {
  const { t } = useI18n();
  const { locality, fixed, loading } = useLocality();
  const fixedNames = [fixed.commune ? locality.commune : null, fixed.province ? locality.province : null]
    .filter((unit) => unit !== null)
    .map((unit) => unit.nameWithType)
    .join(', ');

  return (
    <Flex align="center" gap={8} wrap data-testid="locality-picker">
      <Typography.Text type="secondary">
        <EnvironmentOutlined /> {t('locality.label')}:
      </Typography.Text>
      {fixedNames && <Typography.Text strong>{fixedNames}</Typography.Text>}
      {loading && !fixedNames && <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}
      {!fixed.province && <ProvinceSelect />}
      {!fixed.commune && (fixed.province || locality.province) && !loading && <CommuneSelect />}
    </Flex>
  );
}
