import { useMutation, useQuery } from '@apollo/client/react';
import { ROLE_LABELS } from '@council/core/user-rules.js';
import { App as AntApp, Button, Flex, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';

import {
  AdminRevokeSessionsDocument,
  AdminSetUserActiveDocument,
  type AdminUserFieldsFragment,
  AdminUsersDocument,
  type Role,
} from '../../gql/district/graphql';
import { formatNumber } from '../../shared/format';
import { firstShownError } from '../../shared/graphql-errors';
import { useLang } from '../../shared/i18n';
import { useSession } from '../../shared/useSession';
import { L } from './labels';
import { GeneratedPasswordDialog, ResetPasswordDialog } from './PasswordDialogs';
import { UnitTreeSelect } from './UnitTreeSelect';
import { ROLES, UserDialog } from './UserDialog';

const PAGE_SIZE = 20;

/** Every account, searched and filtered on the server a page at a time; create, edit, disable, reset from here. */
export default function UsersAdminPage() {
  const { t, lang } = useLang();
  const { message } = AntApp.useApp();
  const me = useSession().session?.user.username;
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [unitCode, setUnitCode] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<AdminUserFieldsFragment | 'new' | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);
  const [generated, setGenerated] = useState<{ username: string; password: string } | null>(null);
  const variables = {
    filter: { search: search || null, role: role ?? null, unitCode: unitCode ?? null },
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const users = useQuery(AdminUsersDocument, { variables });
  // A User has no id for the cache to update in place: the page is read again.
  const [setActive] = useMutation(AdminSetUserActiveDocument, { refetchQueries: [AdminUsersDocument], awaitRefetchQueries: true });

  const filtered =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPage(1);
    };

  const [revokeSessions] = useMutation(AdminRevokeSessionsDocument);

  const revoke = async (user: AdminUserFieldsFragment) => {
    try {
      await revokeSessions({ variables: { username: user.username } });
      void message.success(t(L.revoked));
    } catch (e) {
      void message.error(t(firstShownError(e).message));
    }
  };

  const toggle = async (user: AdminUserFieldsFragment) => {
    try {
      await setActive({ variables: { username: user.username, active: !user.active } });
      void message.success(t(L.saved));
    } catch (e) {
      void message.error(t(firstShownError(e).message));
    }
  };

  const done = (result: { username: string; generatedPassword: string | null }, text: { vi: string; en: string }) => {
    setEditing(null);
    setResetting(null);
    void message.success(t(text));
    if (result.generatedPassword) setGenerated({ username: result.username, password: result.generatedPassword });
    void users.refetch();
  };

  return (
    <>
      <Flex wrap gap={12} align="center" style={{ marginBottom: 16 }}>
        <Input.Search allowClear aria-label={t(L.search)} placeholder={t(L.search)} style={{ width: 320 }} onSearch={filtered(setSearch)} />
        <Select<Role>
          allowClear
          aria-label={t(L.role)}
          placeholder={t(L.allRoles)}
          style={{ width: 240 }}
          value={role}
          onChange={filtered(setRole)}
          options={ROLES.map((r) => ({ value: r, label: t(ROLE_LABELS[r]) }))}
        />
        <UnitTreeSelect
          pick={['DISTRICT', 'WARD']}
          value={unitCode}
          onChange={filtered(setUnitCode)}
          placeholder={t(L.allUnits)}
          ariaLabel={t(L.unit)}
        />
        <Button type="primary" onClick={() => setEditing('new')} style={{ marginLeft: 'auto' }}>
          {t(L.newUser)}
        </Button>
      </Flex>
      <Table<AdminUserFieldsFragment>
        rowKey="username"
        size="middle"
        loading={users.loading}
        dataSource={users.data?.users.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: users.data?.users.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (total) => `${formatNumber(total, lang)} ${t(L.usersTotal)}`,
        }}
        columns={[
          { title: t(L.username), dataIndex: 'username', render: (u: string) => <Typography.Text strong>{u}</Typography.Text> },
          { title: t(L.displayName), dataIndex: 'displayName' },
          { title: t(L.role), dataIndex: 'role', render: (r: Role) => t(ROLE_LABELS[r]) },
          { title: t(L.unit), key: 'unit', render: (_, u) => u.unit.name },
          {
            title: t(L.status),
            dataIndex: 'active',
            render: (active: boolean) => (
              <Tag color={active ? 'blue' : 'red'} data-active={String(active)}>
                {t(active ? L.active : L.disabled)}
              </Tag>
            ),
          },
          {
            title: t(L.actions),
            key: 'actions',
            width: 470,
            render: (_, u) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(u)} aria-label={`${t(L.edit)} ${u.username}`}>
                  {t(L.edit)}
                </Button>
                <Button size="small" onClick={() => setResetting(u.username)} aria-label={`${t(L.resetPassword)} ${u.username}`}>
                  {t(L.resetPassword)}
                </Button>
                {/* A stolen laptop, a shared screen left signed in: end the sessions, keep the account. */}
                {u.username !== me && u.active && (
                  <Popconfirm title={t(L.revokeConfirm)} okText={t(L.revokeSessions)} cancelText={t('cancel')} onConfirm={() => revoke(u)}>
                    <Button size="small" aria-label={`${t(L.revokeSessions)} ${u.username}`}>
                      {t(L.revokeSessions)}
                    </Button>
                  </Popconfirm>
                )}
                {/* The server refuses an administrator disabling their own account: no button for it. */}
                {u.username === me ? null : u.active ? (
                  <Popconfirm title={t(L.disableConfirm)} okText={t(L.disable)} cancelText={t('cancel')} onConfirm={() => toggle(u)}>
                    <Button size="small" danger aria-label={`${t(L.disable)} ${u.username}`}>
                      {t(L.disable)}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" onClick={() => void toggle(u)} aria-label={`${t(L.enable)} ${u.username}`}>
                    {t(L.enable)}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <UserDialog
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={(r) => done(r, editing === 'new' ? L.created : L.saved)}
        />
      )}
      {resetting && (
        <ResetPasswordDialog
          username={resetting}
          onClose={() => setResetting(null)}
          onDone={(generatedPassword) => done({ username: resetting, generatedPassword }, L.passwordReset)}
        />
      )}
      {generated && (
        <GeneratedPasswordDialog username={generated.username} password={generated.password} onClose={() => setGenerated(null)} />
      )}
    </>
  );
}
