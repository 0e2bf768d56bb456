import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Typography, type MenuProps } from 'antd';
import { useSession } from '../auth';
import { useI18n } from '../language';
import { colors } from '../theme';

export function UserMenu({ compact, onChangePassword, onLogout }: { compact: boolean; onChangePassword(): void; onLogout(): void }) {
  const { user } = useSession();
  const { t } = useI18n();
  const roleName = t(`role.${user.role}`);
  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword'), onClick: onChangePassword },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true, onClick: onLogout },
  ];
  return (
    <Dropdown menu={{ items }} trigger={['click']} placement="bottomRight">
      <Button type="text" style={{ height: 'auto', padding: '4px 8px' }} aria-label={`${user.fullName || user.username} — ${roleName}`}>
        <Flex align="center" gap={8}>
          <Avatar icon={<UserOutlined />} style={{ backgroundColor: colors.primary, flex: 'none' }} />
          {!compact && (
            <Flex vertical align="flex-start" style={{ lineHeight: 1.3, maxWidth: 260 }}>
              <Typography.Text strong ellipsis style={{ maxWidth: 260 }}>
                {user.fullName || user.username}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="user-role">
                {roleName}
              </Typography.Text>
            </Flex>
          )}
          <DownOutlined style={{ fontSize: 10 }} />
        </Flex>
      </Button>
    </Dropdown>
  );
}
