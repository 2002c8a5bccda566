import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import type { AdminProps } from './Admin';
import { FormDrawer } from './FormDrawer';
import { AA } from './forms';
import { useConfirmDanger, useSave } from './hooks';

type Trunk = Schemas['Trunk'];

/**
 * The operator's SIP trunks (中继): the carriers calls come from and go out through — host and port, transport, the
 * addresses calls are accepted from (anything else is refused), the caller id sent out, symmetric RTP for carriers
 * behind NAT; added, changed, switched off or deleted (asked first). Numbers are bound to a trunk on the Numbers page.
 */
export function Trunks(_: AdminProps) {
  const { t } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [editing, setEditing] = useState<Trunk | 'new' | null>(null);
  const list = useQuery({ queryKey: ['trunks'], queryFn: () => unwrap(api.GET('/trunks', {})) });
  const refresh = () => queries.invalidateQueries({ queryKey: ['trunks'] });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('trunks.new')}
      </Button>
      <Table<Trunk>
        rowKey="id"
        data-testid="trunks-table"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('trunks.none')}</Typography.Text> }}
        columns={[
          { title: t('trunks.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('trunks.address'), key: 'addr', render: (_, x) => `${x.host}:${x.port} (${x.transport ?? 'UDP'})` },
          { title: t('trunks.allowed'), dataIndex: 'allowedSources', render: (v: string[] | null) => (v ?? []).join(', ') || '–' },
          { title: t('trunks.callerId'), dataIndex: 'callerId', render: (v: string | null) => v ?? '–' },
          { title: t('trunks.state'), dataIndex: 'enabled', render: (v: boolean) => <Tag color={v ? AA.green : undefined}>{t(v ? 'trunks.on' : 'trunks.off')}</Tag> },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, x) => (
              <Space>
                <Button size="small" onClick={() => setEditing(x)} aria-label={t('trunks.editOne', { name: x.name })}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  aria-label={t('trunks.deleteOne', { name: x.name })}
                  onClick={() =>
                    danger({
                      title: t('trunks.deleteOne', { name: x.name }),
                      content: t('trunks.deleteHint'),
                      work: async () => {
                        await unwrap(api.DELETE('/trunks/{id}', { params: { path: { id: x.id! } } }));
                        await refresh();
                      },
                    })
                  }
                >
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <TrunkDrawer
          trunk={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </Space>
  );
}

function TrunkDrawer({ trunk, onClose }: { trunk: Trunk | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form);
  return (
    <FormDrawer size={520} title={trunk ? t('trunks.editOne', { name: trunk.name }) : t('trunks.new')} form={form} busy={busy} onClose={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={trunk ?? { port: 5060, transport: 'UDP', enabled: true, symmetricRtp: false, allowedSources: [] }}
        onFinish={(v: Trunk) =>
          void save(async () => {
            const body = {
              name: v.name ?? undefined,
              host: v.host ?? undefined,
              port: v.port ?? undefined,
              transport: v.transport ?? undefined,
              allowedSources: v.allowedSources ?? [],
              callerId: v.callerId || undefined,
              enabled: !!v.enabled,
              symmetricRtp: !!v.symmetricRtp,
            };
            if (trunk) {
              await unwrap(api.PUT('/trunks/{id}', { params: { path: { id: trunk.id! } }, body }));
            } else {
              await unwrap(api.POST('/trunks', { body }));
            }
            void message.success(t('common.saved'));
            onClose();
          })
        }
      >
        <Form.Item name="name" label={t('trunks.name')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="host" label={t('trunks.host')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="port" label={t('trunks.port')}>
            <InputNumber min={1} max={65535} />
          </Form.Item>
          <Form.Item name="transport" label={t('trunks.transport')}>
            <Select style={{ width: 100 }} options={['UDP', 'TCP', 'TLS'].map((x) => ({ value: x, label: x }))} />
          </Form.Item>
        </Space>
        <Form.Item name="allowedSources" label={t('trunks.allowed')} extra={t('trunks.allowedHint')}>
          <Select mode="tags" tokenSeparators={[',', ' ', '，']} />
        </Form.Item>
        <Form.Item name="callerId" label={t('trunks.callerId')} extra={t('trunks.callerIdHint')}>
          <Input />
        </Form.Item>
        <Space size="large">
          <Form.Item name="enabled" label={t('trunks.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="symmetricRtp" label={t('trunks.symmetricRtp')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
    </FormDrawer>
  );
}
