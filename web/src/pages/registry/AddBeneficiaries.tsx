import { CloudUploadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../../auth';
import { useRegistryLinks } from './links';
import { useRegistryTexts } from './texts';

/** "Nhập danh sách" and "Thêm đối tượng", each for the users allowed to. */
export function AddBeneficiaries() {
  const t = useRegistryTexts();
  const { can } = useSession();
  const links = useRegistryLinks();
  const navigate = useNavigate();
  return (
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
  );
}
