import { CloudUploadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Tabs } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../language';
import { localityLabel, useLocality } from '../../locality';
import { useRegistryLinks } from './links';
import { BeneficiaryList } from './list/BeneficiaryList';
import { ReviewPanel } from './review/ReviewPanel';
import { useRegistryTexts } from './texts';

/** The registry's landing page: the list of beneficiaries and, on a second tab, the review work. */
export function RegistryHome() {
  const t = useRegistryTexts();
  const { t: shell } = useI18n();
  const { can } = useSession();
  const { locality } = useLocality();
  const links = useRegistryLinks();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'review' ? 'review' : 'list';

  return (
    <>
      <PageHeader
        title={t('registry.title')}
        subtitle={localityLabel(locality, shell('common.national'))}
        extra={
          <>
            {can('registry.import') && (
              <Button icon={<CloudUploadOutlined />} onClick={() => navigate('/import')}>
                {t('registry.import')}
              </Button>
            )}
            {can('registry.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => links.create()}>
                {t('registry.add')}
              </Button>
            )}
          </>
        }
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
