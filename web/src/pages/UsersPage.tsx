import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useApiData } from '../api/useApiData';
import { useSession } from '../auth';
import { CreateUserDialog } from '../components/CreateUserDialog';
import { DataTable } from '../components/DataTable';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { RefreshButton } from '../components/RefreshButton';
import { useI18n } from '../language';
import type { Role, UserView } from '../types';
import { useUnitNames } from '../units';
import { providerLabel, useProviders } from './common/providers';
import { ChangeRoleDialog, ResetPasswordDialog } from './users/UserChangeDialogs';
import { UserChangesCard } from './users/UserChangesCard';
import { useUsersTexts } from './users/texts';
import type { UserChange } from './users/types';

const roleColors: Record<Role, string> = {
  admin: 'red',
  province: 'purple',
  officer: 'blue',
  approver: 'cyan',
  provider: 'gold',
  auditor: 'green',
};

function StatusTags({ user }: { user: UserView }) {
  const { t } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {user.status === 'active' ? <Tag color="success">{t('users.active')}</Tag> : <Tag>{t('users.disabled')}</Tag>}
      {user.locked && <Tag color="error">{t('users.locked')}</Tag>}
      {user.mustChangePassword && <Tag color="warning">{t('users.mustChangePassword')}</Tag>}
    </Space>
  );
}

export default function UsersPage() {
  const { t } = useI18n();
  const usersText = useUsersTexts();
  const { can, user: me } = useSession();
  const users = useApiData<UserView[]>('/api/v1/users');
  // Creating a user who approves, changing a role and resetting a password wait for a second administrator.
  const changes = useApiData<UserChange[]>('/api/v1/users/changes', { status: 'pending' });
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserView>();
  const [changingRole, setChangingRole] = useState<UserView>();
  const reloadAll = () => {
    users.reload();
    changes.reload();
  };
  const unitNames = useUnitNames((users.data ?? []).map((user) => user.unitCode));
  const providers = useProviders();

  const columns: TableColumnsType<UserView> = [
    { title: t('users.username'), dataIndex: 'username', render: (value: string) => <code>{value}</code> },
    { title: t('users.fullName'), dataIndex: 'fullName' },
    {
      title: t('users.role'),
      dataIndex: 'role',
      render: (role: Role, user) => (
        <Space size={4}>
          <Tag color={roleColors[role]}>{t(`role.${role}`)}</Tag>
          {user.providerCode && <Tag title={user.providerCode}>{providerLabel(providers.byCode, user.providerCode)}</Tag>}
        </Space>
      ),
    },
    {
      title: t('users.unit'),
      dataIndex: 'unitCode',
      render: (code: string | null) =>
        code ? (
          <span>
            {unitNames.get(code) ?? code} <Typography.Text type="secondary">({code})</Typography.Text>
          </span>
        ) : (
          t('common.national')
        ),
    },
    { title: t('users.status'), key: 'status', render: (_value, user) => <StatusTags user={user} /> },
    ...(can('users.manage')
      ? [
          {
            title: usersText('users.actions'),
            key: 'actions',
            render: (_value: unknown, user: UserView) =>
              user.id !== me.id && (
                <Space size={4} wrap>
                  <Button size="small" data-testid={`reset-password-${user.username}`} onClick={() => setResetting(user)}>
                    {usersText('users.resetPassword')}
                  </Button>
                  <Button size="small" onClick={() => setChangingRole(user)}>
                    {usersText('users.changeRole')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <>
            <RefreshButton onClick={reloadAll} />
            {can('users.manage') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('users.add')}
              </Button>
            )}
          </>
        }
      />
      <UserChangesCard changes={changes} onDecided={reloadAll} />
      <ErrorAlert error={users.error} />
      <Card styles={{ body: { padding: 0 } }}>
        <DataTable<UserView>
          rowKey="id"
          columns={columns}
          dataSource={users.data}
          loading={users.loading}
          minWidth={760}
          pageSize={20}
          showTotal={(total) => t('users.count', { count: total })}
        />
      </Card>
      {can('users.manage') && (
        <CreateUserDialog
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            reloadAll();
          }}
        />
      )}
      {resetting && (
        <ResetPasswordDialog
          user={resetting}
          onClose={() => setResetting(undefined)}
          onDone={() => {
            setResetting(undefined);
            reloadAll();
          }}
        />
      )}
      {changingRole && (
        <ChangeRoleDialog
          user={changingRole}
          me={me}
          onClose={() => setChangingRole(undefined)}
          onDone={() => {
            setChangingRole(undefined);
            reloadAll();
          }}
        />
      )}
    </>
  );
}
