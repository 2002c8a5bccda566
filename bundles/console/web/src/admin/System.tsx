import { useState } from 'react';
import { Badge, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Present, type Schemas } from '../api/client';
import { dateTime, getTenantZone } from '../lib/format';
import type { AdminProps } from './Admin';
import { auditQuery, type AuditFilter } from './logic';
import { DayRangeItems } from './DayRange';
import { useConfirmDanger, useSave, useServerSort, useTenants } from './hooks';
import { SearchBox } from './SearchBox';

type User = Present<Schemas['User'], 'id' | 'username' | 'login' | 'roles'>;
type Audit = Present<Schemas['AuditEntry'], 'id'>;
const PAGE = 20;

/** A value of the status map as text: numbers and words as they are, objects as key: value pairs. */
export function statusText(v: unknown): string {
  if (v === null || v === undefined) {
    return '–';
  }
  if (typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${statusText(x)}`)
      .join(', ');
  }
  return String(v);
}

/**
 * System status for the operator: the API's health, this node's telephony (calls in setup, shed by overload control,
 * backlog…), and the plug-ins deployed with their deliveries and failures. Refreshed every 10 seconds.
 */
export function SystemStatus({ session, tenant }: AdminProps) {
  const { t } = useTranslation();
  const operator = !!session.user.operator;
  const health = useQuery({ queryKey: ['health'], queryFn: () => unwrap(api.GET('/health', {})), refetchInterval: 10_000, enabled: operator });
  const telephony = useQuery({ queryKey: ['telephony-status'], queryFn: () => unwrap(api.GET('/telephony/status', {})), refetchInterval: 10_000, enabled: operator });
  const plugins = useQuery({
    queryKey: ['plugins', operator ? null : tenant],
    queryFn: () => (operator ? unwrap(api.GET('/plugins', {})) : unwrap(api.GET('/tenants/{tenant}/plugins', { params: { path: { tenant } } }))),
    refetchInterval: 10_000,
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {operator && (
        <Card size="small" title={t('system.node')} data-testid="system-status">
          <Descriptions size="small" bordered column={2}>
            <Descriptions.Item label={t('system.api')}>
              <Badge status={health.data?.status === 'UP' ? 'success' : 'error'} text={health.data?.status ?? '–'} />
            </Descriptions.Item>
            {Object.entries(telephony.data ?? {}).map(([k, v]) => (
              <Descriptions.Item key={k} label={k}>
                {statusText(v)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      <Card size="small" title={t('system.plugins')}>
        <Table
          size="small"
          rowKey={(p) => `${p.bundle}-${p.name}-${p.tenantId ?? ''}`}
          data-testid="plugins-table"
          dataSource={plugins.data ?? []}
          pagination={false}
          columns={[
            { title: t('system.plugin'), dataIndex: 'name' },
            { title: t('system.bundle'), key: 'b', render: (_, p) => `${p.bundle ?? ''} ${p.bundleVersion ?? ''}` },
            { title: t('numbers.tenant'), dataIndex: 'tenantId', render: (v: string | null) => v ?? t('system.allTenants') },
            { title: t('system.delivered'), dataIndex: 'delivered' },
            { title: t('system.failures'), key: 'f', render: (_, p) => (p.failures > 0 ? <Tag color="red">{p.failures}</Tag> : 0) },
          ]}
        />
      </Card>
    </Space>
  );
}

/**
 * The audit trail (审计日志), newest first, paged on the server: who did what to what, when. The operator reads its own
 * entries or a company's; a client admin its company's.
 */
export function AuditLog({ session, tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const operator = !!session.user.operator;
  const [scope, setScope] = useState<string>(operator ? '' : tenant);
  const [page, setPage] = useState(1);
  const [filter, setFilter] = useState<AuditFilter>({});
  const tenants = useTenants(operator);
  const list = useQuery({
    queryKey: ['audit', scope, filter, page],
    queryFn: () => {
      const query = { ...auditQuery(filter, getTenantZone()), offset: (page - 1) * PAGE, limit: PAGE };
      return scope
        ? unwrap(api.GET('/tenants/{tenant}/audit', { params: { path: { tenant: scope }, query } }))
        : unwrap(api.GET('/audit', { params: { query } }));
    },
    placeholderData: keepPreviousData,
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      {operator && (
        <Form.Item label={t('audit.scope')} htmlFor="audit-scope" colon={false} style={{ marginBottom: 0 }}>
        <Select
          id="audit-scope"
          style={{ width: 320 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={scope}
          onChange={(v) => (setScope(v), setPage(1))}
          options={[{ value: '', label: t('audit.operator') }, ...(tenants.data?.items ?? []).map((x) => ({ value: x.id!, label: `${x.displayName} (${x.id})` }))]}
        />
        </Form.Item>
      )}
      <Form
        layout="inline"
        style={{ rowGap: 8 }}
        data-testid="audit-filter"
        onFinish={(v: AuditFilter) => {
          setFilter(v);
          setPage(1);
        }}
      >
        <Form.Item name="action" label={t('audit.action')}>
          <Input placeholder="billing." style={{ width: 150 }} allowClear />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input style={{ width: 150 }} allowClear />
        </Form.Item>
        <Form.Item name="text" label={t('audit.text')}>
          <Input style={{ width: 180 }} allowClear />
        </Form.Item>
        <DayRangeItems fromLabel={t('audit.from')} toLabel={t('audit.to')} />
        <Button htmlType="submit">{t('audit.filter')}</Button>
      </Form>
      <Table<Audit>
        rowKey="id"
        size="small"
        data-testid="audit-table"
        loading={list.isFetching}
        dataSource={(list.data?.items ?? []) as Audit[]}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', render: (v: string) => (v ? dateTime(v, i18n.language) : '–'), width: 160 },
          { title: t('audit.actor'), dataIndex: 'actor' },
          { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('audit.target'), dataIndex: 'target' },
          { title: t('audit.detail'), dataIndex: 'detail', render: (v: string | null) => <Typography.Text type="secondary">{v ?? ''}</Typography.Text> },
        ]}
      />
    </Space>
  );
}

/** The operator's own users: operators and billing staff; created, edited, given a new password, deleted. */
export function OperatorUsers(_: AdminProps) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const danger = useConfirmDanger();
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [q, setQ] = useState('');
  const order = useServerSort(() => setPage(1));
  const sort = order.sort;
  const list = useQuery({
    queryKey: ['operator-users', q, sort, page],
    queryFn: () => unwrap(api.GET('/operator-users', { params: { query: { q: q || undefined, sort, offset: (page - 1) * PAGE, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['operator-users'] });
  const remove = (u: User) =>
    danger({
      title: t('users.deleteTitle', { login: u.login }),
      content: t('users.deleteHint'),
      work: async () => {
        await unwrap(api.DELETE('/operator-users/{id}', { params: { path: { id: u.id } } }));
        await refresh();
      },
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <SearchBox
          label={t('users.search')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('users.create')}
        </Button>
      </Space>
      <Table<User>
        rowKey="id"
        data-testid="operator-users-table"
        loading={list.isFetching}
        dataSource={(list.data?.items ?? []) as User[]}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        onChange={order.onChange}
        columns={[
          { title: t('users.user'), ...order.sortable('name'), render: (_, u) => <Typography.Text strong>{u.displayName ?? u.login}</Typography.Text> },
          { title: t('users.username'), dataIndex: 'login', ...order.sortable('login') },
          { title: t('users.roles'), key: 'r', render: (_, u) => u.roles.map((r) => <Tag key={r}>{t(`system.role.${r}`, { defaultValue: r })}</Tag>) },
          { title: t('users.enabled'), ...order.sortable('enabled'), render: (_, u) => (u.enabled ? t('common.yes') : <Tag color="red">{t('users.disabled')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, u) => (
              <Space>
                <Button size="small" onClick={() => setEditing(u)} aria-label={t('users.editOne', { login: u.login })}>
                  {t('common.edit')}
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
        <OperatorUserDialog
          user={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </Space>
  );
}

function OperatorUserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form);
  const submit = (v: { username: string; displayName?: string; email?: string; roles: string[]; password?: string }) =>
    save(async () => {
      const body = { displayName: v.displayName || undefined, email: v.email || undefined, roles: v.roles };
      if (user) {
        await unwrap(api.PATCH('/operator-users/{id}', { params: { path: { id: user.id } }, body }));
        if (v.password) {
          await unwrap(api.POST('/operator-users/{id}/password', { params: { path: { id: user.id } }, body: { password: v.password } }));
        }
      } else {
        await unwrap(api.POST('/operator-users', { body: { ...body, username: v.username, password: v.password } }));
      }
      onClose();
    });
  return (
    <Modal
      open
      title={user ? t('users.editOne', { login: user.login }) : t('users.create')}
      okText={t('common.save')}
      okButtonProps={{ loading: busy }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ username: user?.username, displayName: user?.displayName ?? undefined, email: user?.email ?? undefined, roles: user?.roles ?? ['billing'] }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="username" label={t('users.username')} rules={[{ required: true, message: t('common.required') }]}>
          <Input disabled={!!user} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('common.badEmail') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')} rules={[{ required: true, message: t('common.required') }]}>
          <Select mode="multiple" options={['operator', 'billing'].map((r) => ({ value: r, label: t(`system.role.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('users.newPassword') : t('users.password')}
          extra={user ? t('system.passwordKeep') : undefined}
          rules={user ? [] : [{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
