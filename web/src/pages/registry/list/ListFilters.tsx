import { ClearOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Typography } from 'antd';
import { useSession } from '../../../auth';
import { useCodeOptions, useI18n } from '../../../language';
import { useLocality } from '../../../locality';
import { filterUnitOption, unitOptions, useCommunes, type UnitOption } from '../../../units';
import { FilterSelect } from '../../common/FilterSelect';
import { categories, channelNames, channels, enrolmentStatuses, enrolmentStatusNames, programmeNames, programmes, qualityFlagNames, qualityFlags } from '../../common/codes';
import { useRegistryTexts } from '../texts';
import { hasFilter, type ListFilter } from './filters';

/** Communes of the province picked in the header; shown only when the header has no commune. */
function CommuneFilter({ value, onChange }: { value?: string; onChange(value?: string): void }) {
  const t = useRegistryTexts();
  const { locality } = useLocality();
  const communes = useCommunes(locality.province?.code ?? null);
  return (
    <Select<string, UnitOption>
      aria-label={t('filter.commune')}
      style={{ width: 220 }}
      placeholder={t('filter.commune')}
      allowClear
      showSearch={{ filterOption: filterUnitOption }}
      loading={communes.loading}
      value={value}
      options={unitOptions(communes.data)}
      onChange={(code) => onChange(code ?? undefined)}
    />
  );
}

/** Search box and filters above the list; every change reloads the first page. */
export function ListFilters({ filter, onChange }: { filter: ListFilter; onChange(next: ListFilter): void }) {
  const t = useRegistryTexts();
  const { pick } = useI18n();
  const options = useCodeOptions();
  const { can } = useSession();
  const { locality } = useLocality();
  const set = (key: keyof ListFilter) => (value?: string) => onChange({ ...filter, [key]: value || undefined });
  // The server refuses a filter on a category the role may not see (HIV-related).
  const visibleCategories = categories.filter((info) => (can('registry.readHiv') || !info.hiv) && (!filter.programme || info.programme === filter.programme));

  return (
    <Flex vertical gap={8} style={{ padding: 12 }}>
      <Flex gap={8} wrap align="center">
        <Input.Search
          key={filter.q ?? ''}
          aria-label={t('filter.search')}
          placeholder={t('filter.searchPlaceholder')}
          defaultValue={filter.q}
          allowClear
          enterButton={t('filter.searchButton')}
          style={{ maxWidth: 460, flex: '1 1 320px' }}
          onSearch={(value) => onChange({ ...filter, q: value.trim() || undefined })}
        />
        {hasFilter(filter) && (
          <Button type="link" icon={<ClearOutlined />} onClick={() => onChange({})}>
            {t('filter.clear')}
          </Button>
        )}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('filter.searchHint')}
      </Typography.Text>
      <Flex gap={8} wrap>
        {!locality.commune && locality.province && <CommuneFilter value={filter.commune} onChange={set('commune')} />}
        <FilterSelect
          label={t('filter.programme')}
          value={filter.programme}
          onChange={(value) => onChange({ ...filter, programme: value, category: undefined })}
          options={options(programmes, programmeNames)}
        />
        <FilterSelect
          label={t('filter.category')}
          width={250}
          search
          wide
          value={filter.category}
          onChange={set('category')}
          options={visibleCategories.map((info) => ({ value: info.code, label: pick(info) }))}
        />
        <FilterSelect label={t('filter.status')} width={150} value={filter.status} onChange={set('status')} options={options(enrolmentStatuses, enrolmentStatusNames)} />
        <FilterSelect label={t('filter.channel')} wide value={filter.channel} onChange={set('channel')} options={options(channels, channelNames)} />
        <FilterSelect label={t('filter.flag')} wide value={filter.flag} onChange={set('flag')} options={options(qualityFlags, qualityFlagNames)} />
      </Flex>
    </Flex>
  );
}
