import { ReloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../language';

/** "Làm mới": loads the page's data again; `compact` shows the icon only (its name stays for screen readers). */
export function RefreshButton({ onClick, compact, size }: { onClick(): void; compact?: boolean; size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  return (
    <Button size={size} icon={<ReloadOutlined />} onClick={onClick} aria-label={compact ? t('common.refresh') : undefined}>
      {compact ? null : t('common.refresh')}
    </Button>
  );
}
