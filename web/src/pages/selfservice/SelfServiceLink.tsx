import { MobileOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useSelfServiceTexts } from './texts';

/** The login page's way to the public self-service page, for beneficiaries who land there. */
export function SelfServiceLink() {
  const t = useSelfServiceTexts();
  return (
    <Link to="/tu-dang-ky" style={{ fontSize: 15, textAlign: 'center' }}>
      <MobileOutlined /> {t('login.selfService')}
    </Link>
  );
}
