import { useState } from 'react';
import { App, Button, Form, Input, Modal, Radio, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Present, type Schemas } from '../api/client';
import type { AdminProps } from './Admin';
import { useConfirmDanger, useTenants } from './hooks';
import { errorText, showOnField } from './forms';
import { useMenus } from './Ivr';
import { useQueues } from './Queues';

type Did = Present<Schemas['Did'], 'number'>;

/**
 * Phone numbers (DIDs). The operator's view: every number, which company and trunk it belongs to; numbers are
 * assigned to a company (with its first queue) or taken back. A company's view: its own numbers, each routed to an IVR
 * menu or straight to a queue.
 */
export default function Numbers({ session, tenant }: AdminProps) {
  return session.user.tenantId ? <TenantNumbers tenant={tenant} /> : <OperatorNumbers />;
}

function OperatorNumbers() {
  const { t } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [assigning, setAssigning] = useState<Did | 'new' | null>(null);
  const dids = useQuery({ queryKey: ['dids'], queryFn: async () => (await unwrap(api.GET('/dids', {}))) as Did[] });
  const release = (d: Did) =>
    danger({
      title: t('numbers.releaseTitle', { number: d.number }),
      content: t('numbers.releaseHint'),
      okText: t('numbers.release'),
      work: async () => {
      await unwrap(api.DELETE('/dids/{number}', { params: { path: { number: d.number } } }));
      await queries.invalidateQueries({ queryKey: ['dids'] });
      },
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Button type="primary" onClick={() => setAssigning('new')}>
        {t('numbers.assign')}
      </Button>
      <Table<Did>
        rowKey="number"
        data-testid="numbers-table"
        loading={dids.isFetching}
        dataSource={dids.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('numbers.number'), dataIndex: 'number', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('numbers.tenant'), dataIndex: 'tenantId' },
          { title: t('numbers.route'), key: 'route', render: (_, d) => <Route did={d} /> },
          { title: t('numbers.trunk'), dataIndex: 'trunkId', render: (v: string | null) => v ?? t('numbers.anyTrunk') },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, d) => (
              <Space>
                <Button size="small" onClick={() => setAssigning(d)} aria-label={t('numbers.editOne', { number: d.number })}>
                  {t('common.edit')}
                </Button>
                <Button size="small" danger onClick={() => release(d)} aria-label={t('numbers.releaseTitle', { number: d.number })}>
                  {t('numbers.release')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {assigning && (
        <AssignNumber
          did={assigning === 'new' ? null : assigning}
          onClose={() => {
            setAssigning(null);
            void queries.invalidateQueries({ queryKey: ['dids'] });
          }}
        />
      )}
    </Space>
  );
}

function Route({ did }: { did: Schemas['Did'] }) {
  const { t } = useTranslation();
  if (did.ivr) {
    return <>{t('numbers.toIvr', { ivr: did.ivr })}</>;
  }
  return <>{did.queue ? t('numbers.toQueue', { queue: did.queue }) : '–'}</>;
}

/** The operator gives a number to a company (and its entry queue), optionally bound to the trunk it arrives on. */
function AssignNumber({ did, onClose }: { did: Did | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const tenants = useTenants();
  const trunks = useQuery({ queryKey: ['trunks'], queryFn: () => unwrap(api.GET('/trunks', {})) });
  const submit = async (v: { number: string; tenantId: string; queue?: string; trunkId?: string }) => {
    try {
      await unwrap(api.PUT('/dids/{number}', { params: { path: { number: v.number } }, body: { tenantId: v.tenantId, queue: v.queue || undefined, trunkId: v.trunkId || undefined } }));
      void message.success(t('common.saved'));
      onClose();
    } catch (e) {
      if (!showOnField(form, e)) {
        void message.error(errorText(e));
      }
    }
  };
  return (
    <Modal open title={did ? t('numbers.editOne', { number: did.number }) : t('numbers.assign')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ number: did?.number, tenantId: did?.tenantId ?? undefined, queue: did?.queue ?? undefined, trunkId: did?.trunkId ?? undefined }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="number" label={t('numbers.number')} extra={t('numbers.numberHint')} rules={[{ required: true, message: t('common.required') }]}>
          <Input disabled={!!did} autoComplete="off" />
        </Form.Item>
        <Form.Item name="tenantId" label={t('numbers.tenant')} rules={[{ required: true, message: t('common.required') }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(tenants.data?.items ?? []).filter((x) => x.status === 'ACTIVE').map((x) => ({ value: x.id!, label: `${x.displayName} (${x.id})` }))}
          />
        </Form.Item>
        <Form.Item name="queue" label={t('numbers.queue')} extra={t('numbers.queueHint')}>
          <Input />
        </Form.Item>
        <Form.Item name="trunkId" label={t('numbers.trunk')} extra={t('numbers.trunkHint')}>
          <Select allowClear options={(trunks.data ?? []).map((x) => ({ value: x.id!, label: `${x.name} (${x.host}:${x.port})` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TenantNumbers({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [routing, setRouting] = useState<Did | null>(null);
  const dids = useQuery({
    queryKey: ['dids', tenant],
    queryFn: async () => (await unwrap(api.GET('/tenants/{tenant}/dids', { params: { path: { tenant } } }))) as Did[],
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">{t('numbers.tenantHint')}</Typography.Paragraph>
      <Table<Did>
        rowKey="number"
        data-testid="numbers-table"
        loading={dids.isFetching}
        dataSource={dids.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('numbers.number'), dataIndex: 'number', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('numbers.route'), key: 'route', render: (_, d) => <Route did={d} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, d) => (
              <Button size="small" onClick={() => setRouting(d)} aria-label={t('numbers.routeOne', { number: d.number })}>
                {t('numbers.routeAction')}
              </Button>
            ),
          },
        ]}
      />
      {routing && (
        <RouteNumber
          tenant={tenant}
          did={routing}
          onClose={() => {
            setRouting(null);
            void queries.invalidateQueries({ queryKey: ['dids', tenant] });
          }}
        />
      )}
    </Space>
  );
}

/** A company routes one of its numbers: to an IVR menu (its queue kept for calls the menu does not place) or a queue. */
function RouteNumber({ tenant, did, onClose }: { tenant: string; did: Did; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const menus = useMenus(tenant);
  const queues = useQueues(tenant);
  const [to, setTo] = useState<'ivr' | 'queue'>(did.ivr ? 'ivr' : 'queue');
  const submit = async (v: { ivr?: string; queue?: string }) => {
    try {
      await unwrap(
        api.PUT('/tenants/{tenant}/dids/{number}', {
          params: { path: { tenant, number: did.number } },
          body: { ivr: to === 'ivr' ? v.ivr : undefined, queue: v.queue || undefined },
        }),
      );
      void message.success(t('numbers.routed', { number: did.number }));
      onClose();
    } catch (e) {
      if (!showOnField(form, e)) {
        void message.error(errorText(e));
      }
    }
  };
  return (
    <Modal open title={t('numbers.routeOne', { number: did.number })} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose}>
      <Form form={form} layout="vertical" initialValues={{ ivr: did.ivr ?? undefined, queue: did.queue ?? undefined }} onFinish={(v) => void submit(v)}>
        <Form.Item label={t('numbers.routeTo')}>
          <Radio.Group
            value={to}
            onChange={(e) => setTo(e.target.value as 'ivr' | 'queue')}
            options={[
              { value: 'ivr', label: t('numbers.ivr') },
              { value: 'queue', label: t('numbers.queue') },
            ]}
          />
        </Form.Item>
        {to === 'ivr' && (
          <Form.Item name="ivr" label={t('numbers.ivr')} rules={[{ required: true, message: t('common.required') }]}>
            <Select options={(menus.data ?? []).map((m) => ({ value: m.name!, label: m.name! }))} />
          </Form.Item>
        )}
        <Form.Item
          name="queue"
          label={t('numbers.queue')}
          extra={to === 'ivr' ? t('numbers.ivrQueueHint') : undefined}
          rules={to === 'queue' ? [{ required: true, message: t('common.required') }] : []}
        >
          <Select allowClear options={(queues.data ?? []).map((q) => ({ value: q.name, label: q.displayName ? `${q.displayName} (${q.name})` : q.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
