import { useState } from 'react';
import { App, Button, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Present, type Schemas } from '../api/client';
import type { AdminProps } from './Admin';
import { FormDrawer } from './FormDrawer';
import { useAllUsers, useConfirmDanger, useSave } from './hooks';
import { SearchBox } from './SearchBox';

type Team = Present<Schemas['Team'], 'id' | 'name'>;
const PAGE = 20;

/** The company's teams (班组), each with its supervisor: paged on the server; create, rename, delete (confirmed). */
export default function Teams({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const teams = useQuery({
    queryKey: ['teams', tenant, q, page],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/teams', { params: { path: { tenant }, query: { q: q || undefined, offset: (page - 1) * PAGE, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  const supervisors = useSupervisors(tenant);
  const names = new Map((supervisors.data ?? []).map((u) => [u.id, u.displayName ?? u.login]));
  const refresh = () => queries.invalidateQueries({ queryKey: ['teams', tenant] });
  const remove = (x: Team) =>
    danger({
      title: t('teams.deleteTitle', { name: x.name }),
      content: t('teams.deleteHint'),
      work: async () => {
      await unwrap(api.DELETE('/tenants/{tenant}/teams/{id}', { params: { path: { tenant, id: x.id } } }));
      await refresh();
      },
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <SearchBox
          label={t('teams.search')}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('teams.create')}
        </Button>
      </Space>
      <Table<Team>
        rowKey="id"
        data-testid="teams-table"
        loading={teams.isFetching}
        dataSource={(teams.data?.items ?? []) as Team[]}
        pagination={{ current: page, pageSize: PAGE, total: teams.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: t('teams.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('teams.description'), dataIndex: 'description', render: (v: string | null) => v ?? '–' },
          { title: t('teams.supervisor'), key: 'sup', render: (_, x) => (x.supervisorUserId ? (names.get(x.supervisorUserId) ?? x.supervisorUserId) : '–') },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, x) => (
              <Space>
                <Button size="small" onClick={() => setEditing(x)} aria-label={t('teams.editOne', { name: x.name })}>
                  {t('common.edit')}
                </Button>
                <Button size="small" danger onClick={() => remove(x)} aria-label={t('teams.deleteTitle', { name: x.name })}>
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <TeamDrawer
          tenant={tenant}
          team={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </Space>
  );
}

function useSupervisors(tenant: string) {
  return useAllUsers(tenant, (d) => d.items.filter((u) => u.roles?.some((r) => r === 'supervisor' || r === 'tenant-admin')));
}

function TeamDrawer({ tenant, team, onClose }: { tenant: string; team: Team | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, save: saving } = useSave(form);
  const supervisors = useSupervisors(tenant);
  const submit = async (v: { name: string; description?: string; supervisorUserId?: string }) => {
    await saving(async () => {
      const body = { name: v.name, description: v.description || undefined, supervisorUserId: v.supervisorUserId || undefined };
      if (team) {
        await unwrap(api.PATCH('/tenants/{tenant}/teams/{id}', { params: { path: { tenant, id: team.id } }, body }));
      } else {
        await unwrap(api.POST('/tenants/{tenant}/teams', { params: { path: { tenant } }, body }));
      }
      void message.success(t('common.saved'));
      onClose();
    });
  };
  return (
    <FormDrawer size={440} title={team ? t('teams.editOne', { name: team.name }) : t('teams.create')} form={form} busy={busy} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: team?.name, description: team?.description ?? undefined, supervisorUserId: team?.supervisorUserId ?? undefined }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="name" label={t('teams.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('teams.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="supervisorUserId" label={t('teams.supervisor')}>
          <Select allowClear options={(supervisors.data ?? []).map((u) => ({ value: u.id!, label: `${u.displayName ?? u.username} (${u.username})` }))} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
