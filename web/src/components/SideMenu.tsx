import { Menu, type MenuProps } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth';
import { useI18n } from '../language';
import { moduleOfPath, modules } from '../navigation';

/** The modules this user may open; the rest are not shown at all (no greyed-out items). */
export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const { canAny } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items: MenuProps['items'] = modules
    .filter((module) => canAny(module.anyOf))
    .map((module) => ({ key: module.path, icon: module.icon, label: t(module.labelKey) }));
  const selected = moduleOfPath(pathname);
  return (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected.path] : []}
      onClick={({ key }) => {
        navigate(key);
        onNavigate?.();
      }}
    />
  );
}
