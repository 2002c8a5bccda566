import { useState } from 'react';
import { App, AutoComplete, Button, Col, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Present, type Schemas } from '../api/client';
import type { AdminProps } from './Admin';
import { useConfirmDanger } from './hooks';
import { errorText, showOnField, skillMap, skillRows, type SkillRow } from './forms';
import { SkillsField } from './Users';

type Queue = Present<Schemas['CallQueue'], 'name' | 'strategy'>;
const STRATEGIES = ['longest-idle', 'fewest-calls', 'round-robin', 'best-skill-level', 'random'];

/**
 * The company's ACD queues: skills an agent needs (with levels), routing strategy, priority, overflow after the
 * longest wait, service-level threshold, wrap-up and ring time, hold music and position announcements, the
 * after-call survey. Created, edited and deleted (confirmed) here.
 */
export default function Queues({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [editing, setEditing] = useState<Queue | 'new' | null>(null);
  const queues = useQueues(tenant);
  const refresh = () => queries.invalidateQueries({ queryKey: ['queues', tenant] });
  const remove = (q: Queue) =>
    danger({
      title: t('queues.deleteTitle', { name: q.displayName ?? q.name }),
      content: t('queues.deleteHint'),
      work: async () => {
      await unwrap(api.DELETE('/tenants/{tenant}/queues/{name}', { params: { path: { tenant, name: q.name } } }));
      await refresh();
      },
    });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('queues.create')}
      </Button>
      <Table<Queue>
        rowKey="name"
        data-testid="queues-table"
        loading={queues.isFetching}
        dataSource={queues.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('queues.name'),
            key: 'name',
            render: (_, q) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{q.displayName ?? q.name}</Typography.Text>
                <Typography.Text type="secondary">{q.name}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('queues.skills'),
            key: 'skills',
            render: (_, q) =>
              Object.entries(q.requiredSkills ?? {}).map(([k, v]) => (
                <Tag key={k} color="blue">
                  {k} ≥ {v as number}
                </Tag>
              )),
          },
          { title: t('queues.strategy'), dataIndex: 'strategy' },
          { title: t('queues.priority'), dataIndex: 'priority' },
          { title: t('queues.serviceLevel'), key: 'sl', render: (_, q) => t('queues.seconds', { n: q.serviceLevelSeconds }) },
          { title: t('queues.overflow'), key: 'of', render: (_, q) => (q.overflowQueue ? t('queues.overflowAfter', { queue: q.overflowQueue, n: q.maxWaitSeconds }) : '–') },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, q) => (
              <Space>
                <Button size="small" onClick={() => setEditing(q)} aria-label={t('queues.editOne', { name: q.displayName ?? q.name })}>
                  {t('common.edit')}
                </Button>
                <Button size="small" danger onClick={() => remove(q)} aria-label={t('queues.deleteTitle', { name: q.displayName ?? q.name })}>
                  {t('common.delete')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <QueueDrawer
          tenant={tenant}
          queue={editing === 'new' ? null : editing}
          others={(queues.data ?? []).map((q) => q.name)}
          onClose={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </Space>
  );
}

export function useQueues(tenant: string) {
  return useQuery({
    queryKey: ['queues', tenant],
    queryFn: async () => (await unwrap(api.GET('/tenants/{tenant}/queues', { params: { path: { tenant } } }))) as Queue[],
  });
}

export function usePrompts(tenant: string, enabled = true) {
  return useQuery({
    queryKey: ['prompts', tenant],
    enabled,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/prompts', { params: { path: { tenant } } })),
  });
}

type QueueValues = Omit<Queue, 'requiredSkills'> & { requiredSkills?: SkillRow[] };

function QueueDrawer({ tenant, queue, others, onClose }: { tenant: string; queue: Queue | null; others: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<QueueValues>();
  const [busy, setBusy] = useState(false);
  const prompts = usePrompts(tenant);
  const initial: Partial<QueueValues> = queue
    ? { ...queue, requiredSkills: skillRows(queue.requiredSkills as Record<string, number>) }
    : {
        strategy: 'longest-idle',
        priority: 0,
        maxWaitSeconds: 600,
        serviceLevelSeconds: 20,
        wrapUpSeconds: 10,
        ringTimeoutSeconds: 15,
        announceSeconds: 0,
        survey: false,
        requiredSkills: [],
      };
  const submit = async (v: QueueValues) => {
    setBusy(true);
    const name = queue?.name ?? v.name;
    try {
      await unwrap(
        api.PUT('/tenants/{tenant}/queues/{name}', {
          params: { path: { tenant, name } },
          body: {
            name,
            displayName: v.displayName || undefined,
            requiredSkills: skillMap(v.requiredSkills),
            priority: v.priority,
            maxWaitSeconds: v.maxWaitSeconds,
            overflowQueue: v.overflowQueue || undefined,
            serviceLevelSeconds: v.serviceLevelSeconds,
            wrapUpSeconds: v.wrapUpSeconds,
            ringTimeoutSeconds: v.ringTimeoutSeconds,
            strategy: v.strategy,
            holdMusic: v.holdMusic || undefined,
            announceSeconds: v.announceSeconds,
            survey: v.survey,
          },
        }),
      );
      void message.success(t('common.saved'));
      onClose();
    } catch (e) {
      if (!showOnField(form, e, (n) => n.length === 1)) {
        void message.error(errorText(e));
      }
    } finally {
      setBusy(false);
    }
  };
  // the server's ranges (AcdService.saveQueue)
  const seconds = (n: string, label: string, min: number, max: number) => (
    <Form.Item name={n} label={label} rules={[{ required: true, message: t('common.required') }]}>
      <InputNumber min={min} max={max} suffix={t('queues.secondsUnit')} style={{ width: '100%' }} />
    </Form.Item>
  );
  return (
    <Drawer
      open
      size={620}
      title={queue ? t('queues.editOne', { name: queue.displayName ?? queue.name }) : t('queues.create')}
      onClose={onClose}
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()}>
          {t('common.save')}
        </Button>
      }
    >
      <Form<QueueValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="name"
              label={t('queues.name')}
              extra={queue ? undefined : t('queues.nameHint')}
              rules={[
                { required: true, message: t('common.required') },
                { pattern: /^[a-z0-9][a-z0-9_-]{0,63}$/, message: t('queues.nameHint') },
              ]}
            >
              <Input disabled={!!queue} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="displayName" label={t('queues.displayName')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="strategy" label={t('queues.strategy')} extra={t('queues.strategyHint')} rules={[{ required: true, message: t('common.required') }]}>
              <AutoComplete options={STRATEGIES.map((s) => ({ value: s, label: `${s} — ${t(`queues.strategyName.${s}`)}` }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="priority" label={t('queues.priority')} extra={t('queues.priorityHint')} rules={[{ required: true, message: t('common.required') }]}>
              <InputNumber min={0} max={100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>{seconds('serviceLevelSeconds', t('queues.serviceLevel'), 1, 3600)}</Col>
          <Col span={12}>{seconds('ringTimeoutSeconds', t('queues.ringTimeout'), 3, 300)}</Col>
          <Col span={12}>{seconds('wrapUpSeconds', t('queues.wrapUp'), 0, 3600)}</Col>
          <Col span={12}>{seconds('maxWaitSeconds', t('queues.maxWait'), 0, 86400)}</Col>
          <Col span={12}>
            <Form.Item name="overflowQueue" label={t('queues.overflow')} extra={t('queues.overflowHint')}>
              <Select allowClear options={others.filter((o) => o !== queue?.name).map((o) => ({ value: o, label: o }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="holdMusic" label={t('queues.holdMusic')} extra={t('queues.holdMusicHint')}>
              <Select allowClear options={(prompts.data ?? []).map((p) => ({ value: p.name!, label: p.builtIn ? `${p.name} (${t('queues.builtIn')})` : p.name! }))} />
            </Form.Item>
          </Col>
          <Col span={12}>{seconds('announceSeconds', t('queues.announce'), 0, 3600)}</Col>
          <Col span={12}>
            <Form.Item name="survey" label={t('queues.survey')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('queues.skills')}</Divider>
        <Typography.Paragraph type="secondary">{t('queues.skillsHint')}</Typography.Paragraph>
        <SkillsField name="requiredSkills" />
      </Form>
    </Drawer>
  );
}
