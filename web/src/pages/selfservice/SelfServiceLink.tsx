import { MobileOutlined, SearchOutlined } from '@ant-design/icons';
import { Flex } from 'antd';
import { Link } from 'react-router-dom';
import { useSelfServiceTexts } from './texts';

/** The login page's way to the public self-service page (registration, payment status), for beneficiaries who land there. */
export function SelfServiceLink() {
  const t = useSelfServiceTexts();
  return (
    <Flex vertical gap={6} align="center">
      <Link to="/tu-dang-ky" style={{ fontSize: 15, textAlign: 'center' }}>
        <MobileOutlined /> {t('login.selfService')}
      </Link>
      <Link to="/tra-cuu" style={{ fontSize: 15, textAlign: 'center' }}>
        <SearchOutlined /> {t('login.status')}
      </Link>
    </Flex>
  );
}
