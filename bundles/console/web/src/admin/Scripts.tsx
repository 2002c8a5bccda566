import { useEffect, useState } from 'react';
import { App, Button, Card, Col, Dropdown, Form, Input, Row, Select, Space, Table, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schemas } from '../api/client';
import { dateTime } from '../lib/format';
import { ScriptSteps } from '../pages/ScreenPopPanel';
import type { AdminProps } from './Admin';
import { FormDrawer } from './FormDrawer';
import { fillSample, SCRIPT_VARIABLES } from './logic';
import { useQueues } from './Queues';
import { useConfirmDanger, useSave } from './hooks';

type Script = Schemas['Script'];
type Step = Schemas['ScriptStep'];

/**
 * Call scripts (话术) — supervisors' and the company administrator's: each for a queue or a campaign (a campaign's wins),
 * made of steps — text with variables such as ${customer.name} — whose options branch to the next step or end the
 * script. The editor previews the script as the agent will run it, variables filled with sample values; the server
 * checks steps, branches and variables and its refusal lands on the step's field.
 */
export function Scripts({ tenant }: AdminProps) {
  const { t, i18n } = useTranslation();
  const danger = useConfirmDanger();
  const queries = useQueryClient();
  const [editing, setEditing] = useState<Script | 'new' | null>(null);
  const list = useQuery({ queryKey: ['scripts', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/scripts', { params: { path: { tenant } } })) });
  const refresh = () => queries.invalidateQueries({ queryKey: ['scripts', tenant] });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('scripts.new')}
      </Button>
      <Table<Script>
        rowKey="name"
        data-testid="scripts-table"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Typography.Text type="secondary">{t('scripts.none')}</Typography.Text> }}
        columns={[
          { title: t('scripts.title'), key: 'title', render: (_, s) => <Typography.Text strong>{s.title ?? s.name}</Typography.Text> },
          { title: t('scripts.name'), dataIndex: 'name' },
          { title: t('scripts.for'), key: 'for', render: (_, s) => (s.campaign ? t('scripts.forCampaign', { id: s.campaign }) : t('scripts.forQueue', { id: s.queue })) },
          { title: t('scripts.steps'), key: 'n', render: (_, s) => (s.steps ?? []).length },
          { title: t('scripts.updated'), dataIndex: 'updatedAt', render: (v: string | null) => (v ? dateTime(v, i18n.language) : '–') },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, s) => (
              <Space>
                <Button size="small" onClick={() => setEditing(s)} aria-label={t('scripts.editOne', { name: s.title ?? s.name })}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  aria-label={t('scripts.deleteOne', { name: s.title ?? s.name })}
                  onClick={() =>
                    danger({
                      title: t('scripts.deleteOne', { name: s.title ?? s.name }),
                      content: t('scripts.deleteHint'),
                      work: async () => {
                        await unwrap(api.DELETE('/tenants/{tenant}/scripts/{name}', { params: { path: { tenant, name: s.name! } } }));
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
        <ScriptDrawer
          tenant={tenant}
          script={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </Space>
  );
}

const NEW_SCRIPT: Partial<Script> = {
  steps: [
    { id: 'greet', text: '您好，${customer.name}，我是${agent.name}。', options: [{ label: '继续', next: 'end' }] },
    { id: 'end', text: '感谢您的来电，再见。', options: [] },
  ],
  start: 'greet',
};

function ScriptDrawer({ tenant, script, onClose }: { tenant: string; script: Script | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, save } = useSave(form);
  const queues = useQueues(tenant);
  const campaigns = useQuery({ queryKey: ['campaigns', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/campaigns', { params: { path: { tenant } } })) });
  const fields = useQuery({ queryKey: ['customer-fields', tenant], staleTime: 60_000, queryFn: () => unwrap(api.GET('/tenants/{tenant}/customer-fields', { params: { path: { tenant } } })) });
  const variables = [...SCRIPT_VARIABLES, ...(fields.data ?? []).map((f) => `customer.fields.${f.name}`)];
  const steps = (Form.useWatch('steps', form) as Step[] | undefined) ?? [];
  const title = Form.useWatch('title', form) as string | undefined;
  const start = Form.useWatch('start', form) as string | undefined;
  const ids = steps.map((s) => s?.id).filter((x): x is string => !!x);
  const samples: Record<string, string> = {
    'customer.name': t('scripts.sample.customer'),
    'customer.title': t('scripts.sample.title'),
    'call.number': '13800138000',
    'call.queue': 'support',
    'agent.name': t('scripts.sample.agent'),
    'tenant.name': t('scripts.sample.tenant'),
    ...Object.fromEntries((fields.data ?? []).map((f) => [`customer.fields.${f.name}`, `‹${f.label ?? f.name}›`])),
  };
  const preview = {
    name: 'preview',
    title: fillSample(title ?? '', samples),
    start: start ?? ids[0],
    steps: steps.filter((s) => s?.id).map((s) => ({ ...s, text: fillSample(s.text ?? '', samples), options: (s.options ?? []).filter((o) => o?.label) })),
  } as Script;
  const [step, setStep] = useState<string | null>(preview.start ?? null);
  // the preview starts again when the first step changes
  useEffect(() => setStep(start ?? ids[0] ?? null), [start, ids[0]]); // eslint-disable-line react-hooks/exhaustive-deps
  const submit = (v: Script) =>
    void save(async () => {
      const body = {
        name: v.name ?? undefined,
        title: v.title || undefined,
        queue: v.queue || undefined,
        campaign: v.campaign || undefined,
        start: v.start || undefined,
        steps: (v.steps ?? []).map((s) => ({
          id: s.id ?? undefined,
          text: s.text ?? undefined,
          options: (s.options ?? []).map((o) => ({ label: o.label ?? undefined, next: o.next || undefined })),
        })),
      };
      await unwrap(api.PUT('/tenants/{tenant}/scripts/{name}', { params: { path: { tenant, name: v.name! } }, body }));
      void message.success(t('common.saved'));
      onClose();
    });
  const stepOptions = [...ids.map((id) => ({ value: id, label: id })), { value: '', label: t('scripts.endsScript') }];
  return (
    <FormDrawer size={1100} title={script ? t('scripts.editOne', { name: script.title ?? script.name }) : t('scripts.new')} form={form} busy={busy} onClose={onClose}>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Form form={form} layout="vertical" initialValues={script ?? NEW_SCRIPT} onFinish={submit}>
            <Space wrap align="start">
              <Form.Item name="name" label={t('scripts.name')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_-]{0,63}$/, message: t('scripts.nameRule') }]}>
                <Input style={{ width: 180 }} disabled={!!script} />
              </Form.Item>
              <Form.Item name="title" label={t('scripts.title')}>
                <Input style={{ width: 280 }} maxLength={200} />
              </Form.Item>
            </Space>
            <Space wrap align="start">
              <Form.Item name="queue" label={t('scripts.queue')}>
                <Select allowClear style={{ width: 220 }} options={(queues.data ?? []).map((q) => ({ value: q.name!, label: `${q.displayName ?? q.name} (${q.name})` }))} />
              </Form.Item>
              <Form.Item name="campaign" label={t('scripts.campaign')} extra={t('scripts.campaignHint')}>
                <Select allowClear style={{ width: 220 }} options={(campaigns.data ?? []).map((c) => ({ value: c.id!, label: `${c.spec?.displayName ?? c.spec?.name ?? c.id} (${c.id})` }))} />
              </Form.Item>
              <Form.Item name="start" label={t('scripts.start')}>
                <Select style={{ width: 160 }} options={ids.map((id) => ({ value: id, label: id }))} />
              </Form.Item>
            </Space>
            <Form.List name="steps">
              {(list, { add, remove }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {list.map((st, i) => (
                    <Card
                      key={st.key}
                      size="small"
                      data-testid="script-step-editor"
                      title={t('scripts.stepN', { n: i + 1 })}
                      extra={
                        <Space>
                          <VariableMenu form={form} index={st.name} variables={variables} n={i + 1} />
                          <Button size="small" onClick={() => remove(st.name)} aria-label={t('scripts.removeStepN', { n: i + 1 })}>
                            {t('common.remove')}
                          </Button>
                        </Space>
                      }
                    >
                      <Form.Item name={[st.name, 'id']} label={t('scripts.stepId')} rules={[{ required: true, message: t('common.required') }]}>
                        <Input style={{ width: 160 }} aria-label={t('scripts.stepIdN', { n: i + 1 })} />
                      </Form.Item>
                      <Form.Item name={[st.name, 'text']} label={t('scripts.text')} rules={[{ required: true, whitespace: true, message: t('common.required') }]}>
                        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={4000} aria-label={t('scripts.textN', { n: i + 1 })} />
                      </Form.Item>
                      <Form.List name={[st.name, 'options']}>
                        {(opts, o) => (
                          <Space orientation="vertical" style={{ width: '100%' }}>
                            {opts.map((op, j) => (
                              <Space key={op.key} wrap align="start">
                                <Form.Item name={[op.name, 'label']} rules={[{ required: true, message: t('common.required') }]}>
                                  <Input placeholder={t('scripts.option')} aria-label={t('scripts.optionN', { n: i + 1, m: j + 1 })} style={{ width: 200 }} />
                                </Form.Item>
                                <Form.Item name={[op.name, 'next']}>
                                  <Select aria-label={t('scripts.nextN', { n: i + 1, m: j + 1 })} placeholder={t('scripts.next')} style={{ width: 180 }} options={stepOptions} />
                                </Form.Item>
                                <Button onClick={() => o.remove(op.name)} aria-label={t('scripts.removeOptionN', { n: i + 1, m: j + 1 })}>
                                  {t('common.remove')}
                                </Button>
                              </Space>
                            ))}
                            <Button size="small" onClick={() => o.add({ label: '' })}>
                              {t('scripts.addOption')}
                            </Button>
                          </Space>
                        )}
                      </Form.List>
                    </Card>
                  ))}
                  <Button onClick={() => add({ id: `step${list.length + 1}`, text: '', options: [] })}>{t('scripts.addStep')}</Button>
                </Space>
              )}
            </Form.List>
          </Form>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('scripts.preview')} data-testid="script-preview" style={{ position: 'sticky', top: 0 }}>
            <Typography.Paragraph type="secondary">{t('scripts.previewHint')}</Typography.Paragraph>
            {preview.title && <Typography.Title level={3} style={{ fontSize: 15 }}>{preview.title}</Typography.Title>}
            {(preview.steps ?? []).length > 0 && <ScriptSteps script={preview} step={step} setStep={setStep} />}
          </Card>
        </Col>
      </Row>
    </FormDrawer>
  );
}

/** Inserts a variable at the end of a step's text. */
function VariableMenu({ form, index, variables, n }: { form: FormInstance; index: number; variables: string[]; n: number }) {
  const { t } = useTranslation();
  return (
    <Dropdown
      menu={{
        items: variables.map((v) => ({ key: v, label: `\${${v}}` })),
        onClick: ({ key }) => {
          const path = ['steps', index, 'text'];
          form.setFieldValue(path, `${form.getFieldValue(path) ?? ''}\${${key}}`);
        },
      }}
    >
      <Button size="small" aria-label={t('scripts.insertN', { n })}>
        {t('scripts.insert')}
      </Button>
    </Dropdown>
  );
}
