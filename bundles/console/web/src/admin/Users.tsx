import { useState } from 'react';
import { Alert, App, Button, Divider, Drawer, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Present, type Schemas } from '../api/client';
import type { AdminProps } from './Admin';
import { useConfirmDanger, useServerSort } from './hooks';
import { errorText, showOnField, skillMap, skillRows, type SkillRow } from './forms';
import { SearchBox } from './SearchBox';

type User = Present<Schemas['User'], 'id' | 'username' | 'login' | 'roles'>;
type Profile = Schemas['AgentProfile'];
const PAGE = 20;
export const ROLES = ['tenant-admin', 'supervisor', 'agent', 'qa', 'billing', 'integrator'] as const;
/** roles that take calls, and so have a phone (SIP identity) and skills */
const PHONE_ROLES = ['agent', 'supervisor'];

/**
 * The company's users (paged on the server): roles, team, enabled; a new user is created with, for agents and
 * supervisors, the phone (SIP identity, password, static contact) and skills with levels in the same form. Edit,
 * reset a password, disable, delete (confirmed).
 */
export default function Users({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [role, setRole] = useState<string | undefined>();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [password, setPassword] = useState<User | null>(null);
  const order = useServerSort(() => setPage(1));
  const sort = order.sort;
  const users = useQuery({
    queryKey: ['users', tenant, q, role, sort, page],
    queryFn: () =>
      unwrap(
        api.GET('/tenants/{tenant}/users', { params: { path: { tenant }, query: { q: q || undefined, role, sort, offset: (page - 1) * PAGE, limit: PAGE } } }),
      ),
    placeholderData: keepPreviousData,
  });
  const profiles = useQuery({
    queryKey: ['profiles', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/agents/profiles', { params: { path: { tenant } } })),
  });
  const teams = useTeams(tenant);
  const byUser = new Map((profiles.data ?? []).map((p) => [p.userId, p]));
  const teamName = new Map((teams.data?.items ?? []).map((x) => [x.id, x.name]));
  const refresh = () => {
    void queries.invalidateQueries({ queryKey: ['users', tenant] });
    void queries.invalidateQueries({ queryKey: ['profiles', tenant] });
  };
  const remove = (u: User) =>
    danger({
      title: t('users.deleteTitle', { login: u.login }),
      content: t('users.deleteHint'),
      work: async () => {
      await unwrap(api.DELETE('/tenants/{tenant}/users/{id}', { params: { path: { tenant, id: u.id } } }));
      void message.success(t('users.deleted', { login: u.login }));
      refresh();
      },
    });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <SearchBox
          label={t('users.search')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <Select
          aria-label={t('users.roleFilter')}
          placeholder={t('users.anyRole')}
          allowClear
          style={{ width: 180 }}
          value={role}
          onChange={(v) => {
            setRole(v);
            setPage(1);
          }}
          options={ROLES.map((r) => ({ value: r, label: t(`users.role.${r}`) }))}
        />
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('users.create')}
        </Button>
      </Space>
      <Table<User>
        rowKey="id"
        data-testid="users-table"
        loading={users.isFetching}
        dataSource={(users.data?.items ?? []) as User[]}
        pagination={{ current: page, pageSize: PAGE, total: users.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        onChange={order.onChange}
        columns={[
          {
            title: t('users.user'),
            ...order.sortable('name'),
            render: (_, u) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{u.displayName ?? u.username}</Typography.Text>
                <Typography.Text type="secondary">{u.login}</Typography.Text>
              </Space>
            ),
          },
          { title: t('users.roles'), key: 'roles', render: (_, u) => u.roles.map((r) => <Tag key={r}>{t(`users.role.${r}`)}</Tag>) },
          { title: t('users.team'), key: 'team', render: (_, u) => (u.teamId ? (teamName.get(u.teamId) ?? u.teamId) : '–') },
          {
            title: t('users.phone'),
            key: 'phone',
            render: (_, u) => {
              const p = byUser.get(u.id);
              return p ? (
                <Space orientation="vertical" size={0}>
                  <Typography.Text code>{p.sipUser}</Typography.Text>
                  <span>
                    {Object.entries(p.skills ?? {}).map(([k, v]) => (
                      <Tag key={k} color="blue">
                        {k} {v as number}
                      </Tag>
                    ))}
                  </span>
                </Space>
              ) : (
                '–'
              );
            },
          },
          { title: t('users.enabled'), ...order.sortable('enabled'), render: (_, u) => (u.enabled ? t('common.yes') : <Tag color="red">{t('users.disabled')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, u) => (
              <Space wrap>
                <Button size="small" onClick={() => setEditing(u)} aria-label={t('users.editOne', { login: u.login })}>
                  {t('common.edit')}
                </Button>
                <Button size="small" onClick={() => setPassword(u)} aria-label={t('users.passwordOne', { login: u.login })}>
                  {t('users.resetPassword')}
                </Button>
                <Button size="small" danger onClick={() => remove(u)} aria-label={t('users.deleteTitle', { login: u.login })}>
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <UserDrawer
          tenant={tenant}
          user={editing === 'new' ? null : editing}
          profile={editing === 'new' ? undefined : byUser.get(editing.id)}
          onClose={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
      {password && <PasswordDialog tenant={tenant} user={password} onClose={() => setPassword(null)} />}
    </Space>
  );
}

export function useTeams(tenant: string) {
  return useQuery({
    queryKey: ['teams', tenant, 'all'],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/teams', { params: { path: { tenant }, query: { limit: 500 } } })),
  });
}

interface UserValues {
  username: string;
  displayName?: string;
  email?: string;
  roles: string[];
  teamId?: string;
  password?: string;
  enabled: boolean;
  sipUser?: string;
  sipPassword?: string;
  staticContact?: string;
  autoAnswer?: boolean;
  symmetricRtp?: boolean;
  skills?: SkillRow[];
}

const PROFILE_FIELDS = new Set(['sipUser', 'sipPassword', 'staticContact', 'autoAnswer', 'symmetricRtp', 'skills']);

/** A SIP user as the tenant admin types it: without the tenant's prefix, which the server adds. */
function localSipUser(tenant: string, sipUser: string | null | undefined): string | undefined {
  if (!sipUser) {
    return undefined;
  }
  return sipUser.startsWith(`${tenant}.`) ? sipUser.slice(tenant.length + 1) : sipUser;
}

/**
 * A user, new or edited, with the phone and skills of an agent or supervisor. The user is saved first, then the
 * profile; a profile the server refuses leaves the user saved and the error on the profile's field (Save again saves
 * the profile only).
 */
function UserDrawer({ tenant, user, profile, onClose }: { tenant: string; user: User | null; profile?: Profile; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const danger = useConfirmDanger();
  const [form] = Form.useForm<UserValues>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<User | null>(user);
  const teams = useTeams(tenant);
  const roles = Form.useWatch('roles', form) ?? user?.roles ?? [];
  const hasPhone = roles.some((r) => PHONE_ROLES.includes(r));
  const initial: UserValues = {
    username: user?.username ?? '',
    displayName: user?.displayName ?? undefined,
    email: user?.email ?? undefined,
    roles: user?.roles ?? ['agent'],
    teamId: user?.teamId ?? undefined,
    enabled: user?.enabled ?? true,
    sipUser: localSipUser(tenant, profile?.sipUser),
    staticContact: profile?.staticContact ?? undefined,
    autoAnswer: profile?.autoAnswer ?? false,
    symmetricRtp: profile?.symmetricRtp ?? false,
    skills: skillRows(profile?.skills as Record<string, number> | undefined),
  };

  const submit = async (v: UserValues) => {
    setBusy(true);
    let u = saved;
    try {
      if (!u || user) {
        const body = {
          displayName: v.displayName || undefined,
          email: v.email || undefined,
          roles: v.roles,
          teamId: v.teamId ?? undefined,
          enabled: v.enabled,
        };
        u = (
          user
            ? await unwrap(api.PATCH('/tenants/{tenant}/users/{id}', { params: { path: { tenant, id: user.id } }, body }))
            : await unwrap(api.POST('/tenants/{tenant}/users', { params: { path: { tenant } }, body: { ...body, username: v.username, password: v.password } }))
        ) as User;
        setSaved(u);
      }
      if (!u) {
        return;
      }
      if (v.roles.some((r) => PHONE_ROLES.includes(r)) && (v.sipUser || profile)) {
        await unwrap(
          api.PUT('/tenants/{tenant}/agents/{user}/profile', {
            params: { path: { tenant, user: u.id } },
            body: {
              sipUser: v.sipUser,
              sipPassword: v.sipPassword || undefined,
              staticContact: v.staticContact || undefined,
              autoAnswer: v.autoAnswer,
              symmetricRtp: v.symmetricRtp,
              skills: skillMap(v.skills),
            },
          }),
        );
      }
      void message.success(t('users.saved', { login: u.login }));
      onClose();
    } catch (e) {
      if (!showOnField(form, e, (name) => name.length === 1 && (PROFILE_FIELDS.has(String(name[0])) || String(name[0]) in initial))) {
        void message.error(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      size={560}
      title={user ? t('users.editOne', { login: user.login }) : t('users.create')}
      onClose={onClose}
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      {saved && !user && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('users.createdNoProfile', { login: saved.login })} />}
      <Form<UserValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Form.Item name="username" label={t('users.username')} extra={user ? undefined : t('users.usernameHint', { tenant })} rules={[{ required: true, message: t('common.required') }]}>
          <Input disabled={!!user || !!saved} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')}>
          <Input disabled={!!saved && !user} />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('common.badEmail') }]}>
          <Input disabled={!!saved && !user} />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('users.password')} rules={[{ required: true, message: t('common.required') }]}>
            <Input.Password autoComplete="new-password" disabled={!!saved} />
          </Form.Item>
        )}
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, message: t('common.required') }]}>
          <Select mode="multiple" disabled={!!saved && !user} options={ROLES.map((r) => ({ value: r, label: t(`users.role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="teamId" label={t('users.team')}>
          <Select allowClear disabled={!!saved && !user} options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))} />
        </Form.Item>
        <Form.Item name="enabled" label={t('users.enabled')} valuePropName="checked">
          <Switch disabled={!!saved && !user} />
        </Form.Item>
        {hasPhone && (
          <>
            <Divider titlePlacement="start">{t('users.phoneSection')}</Divider>
            {user && profile && (
              <Button
                danger
                size="small"
                style={{ marginBottom: 16 }}
                onClick={() =>
                  danger({
                    title: t('users.removePhoneTitle', { login: user.login }),
                    content: t('users.removePhoneHint'),
                    okText: t('users.removePhone'),
                    work: async () => {
                      await unwrap(api.DELETE('/tenants/{tenant}/agents/{user}/profile', { params: { path: { tenant, user: user.id } } }));
                      void message.success(t('users.phoneRemoved', { login: user.login }));
                      onClose();
                    },
                  })
                }
              >
                {t('users.removePhone')}
              </Button>
            )}
            <Form.Item name="sipUser" label={t('users.sipUser')} extra={t('users.sipUserHint', { tenant })}>
              <Input addonBefore={`${tenant}.`} autoComplete="off" />
            </Form.Item>
            <Form.Item name="sipPassword" label={t('users.sipPassword')} extra={profile ? t('users.sipPasswordKeep') : undefined}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="staticContact" label={t('users.staticContact')} extra={t('users.staticContactHint')}>
              <Input placeholder="sip:1001@10.0.0.21:5060" />
            </Form.Item>
            <Space size="large">
              <Form.Item name="autoAnswer" label={t('users.autoAnswer')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="symmetricRtp" label={t('users.symmetricRtp')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Space>
            <Typography.Text strong>{t('users.skills')}</Typography.Text>
            <SkillsField name="skills" />
          </>
        )}
      </Form>
    </Drawer>
  );
}

/** Rows of skill name and level (1-10), added and removed in place. */
export function SkillsField({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          {fields.map((f, i) => (
            <Space key={f.key} align="baseline">
              <Form.Item name={[f.name, 'name']} rules={[{ required: true, message: t('common.required') }]} style={{ marginBottom: 0 }}>
                <Input placeholder={t('users.skillName')} aria-label={t('users.skillNameN', { n: i + 1 })} />
              </Form.Item>
              <Form.Item name={[f.name, 'level']} initialValue={5} style={{ marginBottom: 0 }}>
                <InputNumber min={1} max={10} aria-label={t('users.skillLevelN', { n: i + 1 })} />
              </Form.Item>
              <Button onClick={() => remove(f.name)} aria-label={t('users.removeSkillN', { n: i + 1 })}>
                {t('common.remove')}
              </Button>
            </Space>
          ))}
          <Button type="dashed" onClick={() => add({ level: 5 })}>
            {t('users.addSkill')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

function PasswordDialog({ tenant, user, onClose }: { tenant: string; user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const submit = async ({ password }: { password: string }) => {
    try {
      await unwrap(api.POST('/tenants/{tenant}/users/{id}/password', { params: { path: { tenant, id: user.id } }, body: { password } }));
      void message.success(t('users.passwordSet', { login: user.login }));
      onClose();
    } catch (e) {
      if (!showOnField(form, e)) {
        void message.error(errorText(e));
      }
    }
  };
  return (
    <Modal open title={t('users.passwordOne', { login: user.login })} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="password" label={t('users.newPassword')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
