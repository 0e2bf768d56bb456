import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Button, Drawer, Flex, Grid, Layout, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet } from 'react-router-dom';
import { useAuth, useSession } from '../auth';
import { useI18n } from '../language';
import { FullPageSpinner } from './FullPageSpinner';
import { LanguageSwitch } from './LanguageSwitch';
import { LocalityPicker } from './LocalityPicker';
import { PasswordDialog } from './PasswordDialog';
import { SideMenu } from './SideMenu';
import { UserMenu } from './UserMenu';
import { colors } from '../theme';

function Brand({ collapsed }: { collapsed: boolean }) {
  const { t } = useI18n();
  return (
    <Flex vertical justify="center" style={{ height: 64, padding: collapsed ? '0 8px' : '0 20px', textAlign: collapsed ? 'center' : 'left' }}>
      <Typography.Text strong style={{ color: '#fff', fontSize: collapsed ? 14 : 18, whiteSpace: 'nowrap' }}>
        {/* The 72 px collapsed sider has room for the acronym only. */}
        {collapsed ? 'ASXH' : t('app.name')}
      </Typography.Text>
      {!collapsed && (
        <Typography.Text style={{ color: 'rgba(255,255,255,0.65)', fontSize: 11, lineHeight: 1.3 }}>{t('app.shortTagline')}</Typography.Text>
      )}
    </Flex>
  );
}

/**
 * The frame around every page after login: side menu (a drawer on phones), header with language,
 * user menu, and the locality bar that filters every page.
 */
export function AppLayout() {
  const { t } = useI18n();
  const { logout } = useAuth();
  const { user } = useSession();
  const screens = Grid.useBreakpoint();
  // Below `lg` (992 px: phones and portrait tablets) the menu becomes a drawer over the page.
  // The sider is wide enough for the longest label, "Chiến dịch không dùng tiền mặt", in full.
  const mobile = screens.lg === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const mustChange = user.mustChangePassword;

  const toggle = () => (mobile ? setDrawerOpen(true) : setCollapsed((value) => !value));
  const toggleIcon = mobile ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Layout.Sider width={296} collapsedWidth={72} collapsed={collapsed} trigger={null} style={{ background: colors.sider }}>
          <Brand collapsed={collapsed} />
          <SideMenu />
        </Layout.Sider>
      )}
      {mobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={296}
          closable={false}
          styles={{ body: { padding: 0, background: colors.sider } }}
        >
          <Brand collapsed={false} />
          <SideMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 12px', borderBottom: '1px solid #f0f0f0', display: 'flex', alignItems: 'center', gap: 8 }}
        >
          <Button type="text" icon={toggleIcon} onClick={toggle} aria-label={t('header.toggleMenu')} />
          {mobile && <Typography.Text strong>{t('app.name')}</Typography.Text>}
          <Flex flex={1} justify="flex-end" align="center" gap={12}>
            <LanguageSwitch />
            <UserMenu compact={mobile} onChangePassword={() => setPasswordOpen(true)} onLogout={() => void logout()} />
          </Flex>
        </Layout.Header>
        {!mustChange && (
          <div style={{ background: '#fff', padding: '8px 16px', borderBottom: '1px solid #f0f0f0' }}>
            <LocalityPicker />
          </div>
        )}
        <Layout.Content style={{ padding: mobile ? 12 : 24 }}>
          {/* Until a temporary password is changed the API answers nothing else (403 PASSWORD_CHANGE_REQUIRED): no page loads behind the dialog. */}
          {!mustChange && (
            <Suspense fallback={<FullPageSpinner label={t('common.loading')} />}>
              <Outlet />
            </Suspense>
          )}
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', padding: '12px 24px', color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{t('app.footer')}</Layout.Footer>
      </Layout>
      <PasswordDialog open={passwordOpen || mustChange} forced={mustChange} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
