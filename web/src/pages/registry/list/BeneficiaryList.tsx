import { Alert, Button, Card, Empty, Flex } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useApiData } from '../../../api/useApiData';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useLocality } from '../../../locality';
import { KeysetPager } from '../../common/KeysetPager';
import type { BeneficiaryPage } from '../../common/types';
import { AddBeneficiaries } from '../AddBeneficiaries';
import { useRegistryLinks } from '../links';
import { useRegistryTexts } from '../texts';
import { BeneficiaryTable } from './BeneficiaryTable';
import { ListFilters } from './ListFilters';
import { hasFilter, readCursors, readFilter, toParams, type ListFilter } from './filters';

const pageSize = 50;

function EmptyList({ filtered, onClear }: { filtered: boolean; onClear(): void }) {
  const t = useRegistryTexts();
  if (filtered) {
    return (
      <Empty description={t('list.emptyFiltered')}>
        <Button onClick={onClear}>{t('filter.clear')}</Button>
      </Empty>
    );
  }
  return (
    <Empty description={t('list.empty')}>
      <Flex gap={8} justify="center" wrap>
        <AddBeneficiaries />
      </Flex>
    </Empty>
  );
}

/** Search, filters and keyset pages of the beneficiaries in the locality picked in the header. */
export function BeneficiaryList() {
  const t = useRegistryTexts();
  const [params, setParams] = useSearchParams();
  const { locality, loading: localityLoading, scopeLevel } = useLocality();
  const links = useRegistryLinks();
  const filter = readFilter(params);
  const cursors = readCursors(params);
  // The commune picked in the header wins; the list's own commune filter only narrows a province.
  const commune = locality.commune?.code ?? filter.commune;
  const page = useApiData<BeneficiaryPage>(localityLoading ? null : '/api/v1/beneficiaries', { ...filter, commune, before: cursors.at(-1), limit: pageSize });
  const items = page.data?.items ?? [];
  const nextBeforeId = page.data?.nextBeforeId ?? null;

  const show = (next: ListFilter, nextCursors: readonly number[] = []) => setParams(toParams(next, nextCursors), { replace: true });
  // A national user who picked only a province: the list API filters by commune, not province.
  const provinceOnly = scopeLevel === 'national' && locality.province !== null && !commune;

  return (
    <>
      <ErrorAlert error={page.error} style={{ marginBottom: 12 }} />
      {provinceOnly && <Alert type="info" showIcon title={t('list.pickCommune')} style={{ marginBottom: 12 }} />}
      <Card styles={{ body: { padding: 0 } }}>
        <ListFilters filter={filter} onChange={(next) => show(next)} />
        <BeneficiaryTable
          items={items}
          loading={page.loading || localityLoading}
          showCommune={!locality.commune}
          empty={<EmptyList filtered={hasFilter(filter) || cursors.length > 0} onClear={() => show({})} />}
          onOpen={links.detail}
        />
        <KeysetPager
          page={cursors.length + 1}
          hasNext={nextBeforeId !== null}
          onFirst={() => show(filter)}
          onPrevious={() => show(filter, cursors.slice(0, -1))}
          onNext={() => nextBeforeId !== null && show(filter, [...cursors, nextBeforeId])}
        />
      </Card>
    </>
  );
}
