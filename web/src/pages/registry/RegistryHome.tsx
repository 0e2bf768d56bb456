import { Tabs } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import { AddBeneficiaries } from './AddBeneficiaries';
import { BeneficiaryList } from './list/BeneficiaryList';
import { ReviewPanel } from './review/ReviewPanel';
import { useRegistryTexts } from './texts';

/** The registry's landing page: the list of beneficiaries and, on a second tab, the review work. */
export function RegistryHome() {
  const t = useRegistryTexts();
  const { t: shell } = useI18n();
  const { locality } = useLocality();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'review' ? 'review' : 'list';

  return (
    <>
      <PageHeader
        title={t('registry.title')}
        subtitle={localityLabel(locality, shell('common.national'))}
        extra={<AddBeneficiaries />}
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'review' ? { tab: 'review' } : {})}
        items={[
          { key: 'list', label: t('registry.tabList'), children: tab === 'list' ? <BeneficiaryList /> : null },
          { key: 'review', label: t('registry.tabReview'), children: tab === 'review' ? <ReviewPanel /> : null },
        ]}
      />
    </>
  );
}
