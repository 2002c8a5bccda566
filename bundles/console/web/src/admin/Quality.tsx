import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, unwrap, type Schemas } from '../api/client';
import { todayIn } from '../lib/format';
import type { AdminProps } from './Admin';
import { QaTeam } from './Calibration';
import { AA } from './forms';
import { useConfirmDanger, useSave } from './hooks';

type Scorecard = Schemas['QaServiceScorecard'];
type Rule = Schemas['QaServiceSamplingRule'];
interface ItemRow {
  key?: string;
  text?: string;
  scale?: 'YES_NO' | 'RANGE';
  max?: number | null;
  weight?: number | null;
  naAllowed?: boolean;
  fatal?: boolean;
  observeOnly?: boolean;
  guidance?: string | null;
}
interface CardValues {
  name: string;
  description?: string;
  scoring: 'PERCENT' | 'POINTS';
  fatalMode: 'ZERO' | 'FAIL';
  passMark: number;
  sections: { name?: string; items?: ItemRow[] }[];
}

/** The form's values as the API's scorecard (weights as numbers; an observe-only item weighs 0). */
function toSpec(v: CardValues): Schemas['QaServiceScorecardSpecInput'] {
  return {
    name: v.name,
    description: v.description || undefined,
    scoring: v.scoring,
    fatalMode: v.fatalMode,
    passMark: v.passMark,
    sections: (v.sections ?? []).map((s) => ({
      name: s.name ?? '',
      items: (s.items ?? []).map((i) => ({
        key: i.key ?? '',
        text: i.text ?? '',
        scale: i.scale ?? 'YES_NO',
        ...(i.scale === 'RANGE' ? { max: i.max ?? undefined } : {}),
        weight: i.observeOnly ? 0 : (i.weight ?? 0),
        naAllowed: !!i.naAllowed,
        fatal: !!i.fatal,
        observeOnly: !!i.observeOnly,
        guidance: i.guidance || undefined,
      })),
    })),
  };
}

const NEW_CARD: CardValues = {
  name: '',
  scoring: 'PERCENT',
  fatalMode: 'ZERO',
  passMark: 80,
  sections: [{ name: '', items: [{ scale: 'YES_NO', weight: 100 }] }],
};

/**
 * Scorecards (评分表) of the QA lead: listed with their version and how many evaluations used it; designed in a
 * drawer — sections, items with scale (yes/no or 0..max), weight, N/A allowed, fatal, observe-only, guidance. A
 * version no evaluation has used is changed in place; a used one is kept and the change becomes the next version.
 */
export function Scorecards({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [editing, setEditing] = useState<Scorecard | 'new' | null>(null);
  const cards = useQuery({
    queryKey: ['scorecards', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/scorecards', { params: { path: { tenant } } })),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('qa.newScorecard')}
      </Button>
      <Table<Scorecard>
        rowKey="id"
        data-testid="scorecards-table"
        loading={cards.isFetching}
        dataSource={cards.data ?? []}
        pagination={false}
        columns={[
          { title: t('qa.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('qa.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('qa.scoring'), dataIndex: 'scoring', render: (v: string) => t(`qa.scoringOf.${v}`) },
          { title: t('qa.passMark'), dataIndex: 'passMark' },
          { title: t('qa.items'), key: 'items', render: (_, c) => (c.sections ?? []).reduce((n, s) => n + (s.items ?? []).length, 0) },
          { title: t('qa.used'), dataIndex: 'used' },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, c) => (
              <Button size="small" onClick={() => setEditing(c)} aria-label={t('qa.editScorecard', { name: c.name })}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <ScorecardDrawer
          tenant={tenant}
          card={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null);
            void queries.invalidateQueries({ queryKey: ['scorecards', tenant] });
          }}
        />
      )}
    </Space>
  );
}

function ScorecardDrawer({ tenant, card, onClose }: { tenant: string; card: Scorecard | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CardValues>();
  const { busy, save } = useSave(form);
  const [problem, setProblem] = useState<string | null>(null);
  const scoring = Form.useWatch('scoring', form);
  const sections = Form.useWatch('sections', form) as CardValues['sections'] | undefined;
  const total = (sections ?? []).flatMap((s) => s?.items ?? []).reduce((n, i) => n + (i && !i.observeOnly ? Number(i.weight ?? 0) : 0), 0);
  const initial: CardValues = card
    ? {
        name: card.name ?? '',
        description: card.description ?? undefined,
        scoring: (card.scoring as CardValues['scoring']) ?? 'PERCENT',
        fatalMode: (card.fatalMode as CardValues['fatalMode']) ?? 'ZERO',
        passMark: Number(card.passMark ?? 80),
        sections: (card.sections ?? []).map((s) => ({
          name: s.name ?? '',
          items: (s.items ?? []).map((i) => ({
            key: i.key ?? undefined,
            text: i.text ?? undefined,
            scale: (i.scale as ItemRow['scale']) ?? 'YES_NO',
            max: i.max,
            weight: i.weight == null ? null : Number(i.weight),
            naAllowed: !!i.naAllowed,
            fatal: !!i.fatal,
            observeOnly: !!i.observeOnly,
            guidance: i.guidance,
          })),
        })),
      }
    : NEW_CARD;
  const submit = async (v: CardValues) => {
    setProblem(null);
    const body = toSpec(v);
    let refused = false;
    const ok = await save(async () => {
      try {
        if (!card) {
          await unwrap(api.POST('/tenants/{tenant}/qa/scorecards', { params: { path: { tenant } }, body }));
        } else if ((card.used ?? 0) > 0) {
          await unwrap(api.POST('/tenants/{tenant}/qa/scorecards/{id}/versions', { params: { path: { tenant, id: card.id! } }, body }));
        } else {
          await unwrap(api.PUT('/tenants/{tenant}/qa/scorecards/{id}/versions/{version}', { params: { path: { tenant, id: card.id!, version: card.version! } }, body }));
        }
      } catch (e) {
        // a refusal about the whole card ("sections": the weights) goes above the sections
        if ((e as { field?: string }).field === 'sections') {
          setProblem((e as Error).message);
          refused = true;
          return;
        }
        throw e;
      }
    });
    if (ok && !refused) {
      void message.success(t('common.saved'));
      onClose();
    }
  };
  const title = card ? t('qa.editScorecard', { name: card.name }) : t('qa.newScorecard');
  return (
    <Drawer open title={title} size="large" onClose={onClose} destroyOnHidden styles={{ wrapper: { width: 960 } }}>
      {card && (card.used ?? 0) > 0 && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('qa.newVersionHint', { version: card.version, used: card.used })} />}
      <Form<CardValues> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Space wrap align="start">
          <Form.Item name="name" label={t('qa.name')} rules={[{ required: true, message: t('common.required') }]}>
            <Input style={{ width: 320 }} maxLength={120} />
          </Form.Item>
          <Form.Item name="scoring" label={t('qa.scoring')}>
            <Select style={{ width: 220 }} options={['PERCENT', 'POINTS'].map((v) => ({ value: v, label: t(`qa.scoringOf.${v}`) }))} />
          </Form.Item>
          <Form.Item name="fatalMode" label={t('qa.fatalMode')}>
            <Select style={{ width: 260 }} options={['ZERO', 'FAIL'].map((v) => ({ value: v, label: t(`qa.fatalOf.${v}`) }))} />
          </Form.Item>
          <Form.Item name="passMark" label={t('qa.passMark')}>
            <InputNumber min={0} max={100} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('qa.description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Typography.Text type={scoring === 'PERCENT' && total !== 100 ? 'danger' : 'secondary'} data-testid="weights-total">
          {scoring === 'PERCENT' ? t('qa.weightsPercent', { total }) : t('qa.weightsPoints', { total })}
        </Typography.Text>
        {problem && <Alert type="error" showIcon title={problem} style={{ margin: '8px 0' }} data-testid="scorecard-problem" />}
        <Form.List name="sections">
          {(secs, { add: addSection, remove: removeSection }) => (
            <Space orientation="vertical" style={{ width: '100%', marginTop: 12 }}>
              {secs.map((sec, si) => (
                <Card
                  key={sec.key}
                  size="small"
                  title={
                    <Form.Item name={[sec.name, 'name']} style={{ margin: 0 }} rules={[{ required: true, message: t('common.required') }]}>
                      <Input aria-label={t('qa.sectionN', { n: si + 1 })} placeholder={t('qa.sectionName')} style={{ width: 320 }} />
                    </Form.Item>
                  }
                  extra={
                    <Button size="small" danger onClick={() => removeSection(sec.name)} aria-label={t('qa.removeSectionN', { n: si + 1 })}>
                      {t('common.remove')}
                    </Button>
                  }
                >
                  <Form.List name={[sec.name, 'items']}>
                    {(items, { add, remove }) => (
                      <Space orientation="vertical" style={{ width: '100%' }}>
                        {items.map((it, ii) => (
                          <ItemEditor key={it.key} form={form} path={[sec.name, 'items', it.name]} n={`${si + 1}.${ii + 1}`} onRemove={() => remove(it.name)} />
                        ))}
                        <Button type="dashed" onClick={() => add({ scale: 'YES_NO', weight: 0 })}>
                          {t('qa.addItem')}
                        </Button>
                      </Space>
                    )}
                  </Form.List>
                </Card>
              ))}
              <Button onClick={() => addSection({ name: '', items: [{ scale: 'YES_NO', weight: 0 }] })}>{t('qa.addSection')}</Button>
            </Space>
          )}
        </Form.List>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={busy}>
            {card && (card.used ?? 0) > 0 ? t('qa.saveNewVersion') : t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </Drawer>
  );
}

/** One item of a section: key, text, scale (and its top), weight, flags, guidance for the evaluator. */
function ItemEditor({ form, path, n, onRemove }: { form: ReturnType<typeof Form.useForm<CardValues>>[0]; path: (string | number)[]; n: string; onRemove: () => void }) {
  const { t } = useTranslation();
  const rel = path.slice(2); // within the section's items list
  const full = ['sections', ...path];
  const scale = Form.useWatch(full, form) as ItemRow | undefined;
  return (
    <div data-testid={`item-${n}`} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
      <Space wrap align="start">
        <Form.Item name={[...rel, 'key']} rules={[{ required: true, message: t('common.required') }]} style={{ marginBottom: 0 }}>
          <Input aria-label={t('qa.itemKeyN', { n })} placeholder="greeting" style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name={[...rel, 'text']} rules={[{ required: true, message: t('common.required') }]} style={{ marginBottom: 0 }}>
          <Input aria-label={t('qa.itemTextN', { n })} placeholder={t('qa.itemText')} style={{ width: 300 }} />
        </Form.Item>
        <Form.Item name={[...rel, 'scale']} style={{ marginBottom: 0 }}>
          <Select aria-label={t('qa.scaleN', { n })} style={{ width: 120 }} options={['YES_NO', 'RANGE'].map((v) => ({ value: v, label: t(`qa.scaleOf.${v}`) }))} />
        </Form.Item>
        {scale?.scale === 'RANGE' && (
          <Form.Item name={[...rel, 'max']} style={{ marginBottom: 0 }}>
            <InputNumber aria-label={t('qa.maxN', { n })} min={1} max={100} placeholder="5" style={{ width: 90 }} />
          </Form.Item>
        )}
        <Form.Item name={[...rel, 'weight']} style={{ marginBottom: 0 }}>
          <InputNumber aria-label={t('qa.weightN', { n })} min={0} max={1000} disabled={!!scale?.observeOnly} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name={[...rel, 'naAllowed']} valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('qa.naAllowed')}</Checkbox>
        </Form.Item>
        <Form.Item name={[...rel, 'fatal']} valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('qa.fatal')}</Checkbox>
        </Form.Item>
        <Form.Item name={[...rel, 'observeOnly']} valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('qa.observeOnly')}</Checkbox>
        </Form.Item>
        <Button size="small" onClick={onRemove} aria-label={t('qa.removeItemN', { n })}>
          {t('common.remove')}
        </Button>
      </Space>
      <Form.Item name={[...rel, 'guidance']} style={{ margin: '6px 0 0' }}>
        <Input aria-label={t('qa.guidanceN', { n })} placeholder={t('qa.guidance')} />
      </Form.Item>
    </div>
  );
}

/**
 * Sampling (抽样): the rules that fill the evaluators' queues each week (so many calls per agent, a share of a queue,
 * low CSAT, long or transferred calls, new agents), and a run for a week with what it assigned to whom.
 */
export function Sampling({ tenant }: AdminProps) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const danger = useConfirmDanger();
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [week, setWeek] = useState(() => monday(dayjs(todayIn())));
  const [report, setReport] = useState<Schemas['QaServiceSamplingReport'] | null>(null);
  const [running, setRunning] = useState(false);
  const { message } = App.useApp();
  const rules = useQuery({ queryKey: ['sampling', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/sampling/rules', { params: { path: { tenant } } })) });
  const refresh = () => queries.invalidateQueries({ queryKey: ['sampling', tenant] });
  const run = async () => {
    setRunning(true);
    try {
      setReport(await unwrap(api.POST('/tenants/{tenant}/qa/sampling/run', { params: { path: { tenant } }, body: { week: week.format('YYYY-MM-DD') } })));
      void queries.invalidateQueries({ queryKey: ['assignments', tenant] });
    } catch (e) {
      void message.error((e as Error).message);
    } finally {
      setRunning(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <QaTeam tenant={tenant} />
      <Button type="primary" onClick={() => setEditing('new')}>
        {t('qa.newRule')}
      </Button>
      <Table<Rule>
        rowKey="id"
        data-testid="rules-table"
        loading={rules.isFetching}
        dataSource={rules.data ?? []}
        pagination={false}
        columns={[
          { title: t('qa.name'), dataIndex: 'name' },
          { title: t('qa.ruleKind'), dataIndex: 'kind', render: (v: string) => t(`qa.kindOf.${v}`) },
          { title: t('qa.ruleWhat'), key: 'what', render: (_, r) => ruleText(r, t) },
          { title: t('qa.enabled'), dataIndex: 'enabled', render: (v: boolean) => (v === false ? <Tag>{t('qa.off')}</Tag> : <Tag color={AA.green}>{t('qa.on')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => setEditing(r)} aria-label={t('qa.editRule', { name: r.name })}>
                  {t('common.edit')}
                </Button>
                <Button
                  size="small"
                  danger
                  aria-label={t('qa.deleteRule', { name: r.name })}
                  onClick={() =>
                    danger({
                      title: t('qa.deleteRule', { name: r.name }),
                      work: async () => {
                        await unwrap(api.DELETE('/tenants/{tenant}/qa/sampling/rules/{id}', { params: { path: { tenant, id: r.id! } } }));
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
      <Card size="small" title={t('qa.runTitle')}>
        <Space wrap>
          <DatePicker picker="week" value={week} onChange={(d) => d && setWeek(monday(d))} allowClear={false} aria-label={t('qa.week')} />
          <Button type="primary" loading={running} onClick={() => void run()}>
            {t('qa.runSampling')}
          </Button>
        </Space>
        {report && (
          <Descriptions size="small" column={1} bordered style={{ marginTop: 12 }} data-testid="sampling-report">
            <Descriptions.Item label={t('qa.answeredCalls')}>{report.answeredCalls}</Descriptions.Item>
            <Descriptions.Item label={t('qa.assigned')}>{report.assigned}</Descriptions.Item>
            <Descriptions.Item label={t('qa.byRule')}>
              {Object.entries(report.byRule ?? {}).map(([k, v]) => `${k}: ${v}`).join(' · ') || '–'}
            </Descriptions.Item>
            <Descriptions.Item label={t('qa.byEvaluator')}>
              {Object.entries(report.byEvaluator ?? {}).map(([k, v]) => `${k}: ${v}`).join(' · ') || '–'}
            </Descriptions.Item>
            {(report.warnings ?? []).length > 0 && <Descriptions.Item label={t('qa.warnings')}>{(report.warnings ?? []).join('; ')}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
      {editing && (
        <RuleModal
          tenant={tenant}
          rule={editing === 'new' ? null : editing}
          onClose={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </Space>
  );
}

/** The Monday of a day's week: sampling weeks run Monday to Sunday whatever the language's first day of the week. */
function monday(d: dayjs.Dayjs): dayjs.Dayjs {
  return d.subtract((d.day() + 6) % 7, 'day').startOf('day');
}

function ruleText(r: Rule, t: (k: string, o?: Record<string, unknown>) => string): string {
  switch (r.kind) {
    case 'PER_AGENT':
      return t('qa.what.PER_AGENT', { count: r.count ?? 0 });
    case 'PERCENT':
      return t('qa.what.PERCENT', { percent: r.percent ?? 0, queue: r.queue ?? t('qa.allQueues') });
    case 'LOW_CSAT':
      return t('qa.what.LOW_CSAT', { csat: r.csatAtMost ?? 0 });
    case 'LONG_CALL':
      return t('qa.what.LONG_CALL', { seconds: r.minTalkSeconds ?? 0 });
    case 'NEW_AGENT':
      return t('qa.what.NEW_AGENT', { count: r.count ?? 0, weeks: r.newAgentWeeks ?? 0 });
    default:
      return t('qa.what.TRANSFERRED');
  }
}

const KINDS = ['PER_AGENT', 'PERCENT', 'LOW_CSAT', 'LONG_CALL', 'TRANSFERRED', 'NEW_AGENT'];

function RuleModal({ tenant, rule, onClose }: { tenant: string; rule: Rule | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Rule>();
  const { busy, save } = useSave(form);
  const kind = Form.useWatch('kind', form) ?? rule?.kind ?? 'PER_AGENT';
  const title = rule ? t('qa.editRule', { name: rule.name }) : t('qa.newRule');
  const submit = async (v: Rule) => {
    // the form's empty fields (null) are left out
    const body = Object.fromEntries(Object.entries({ ...v, enabled: v.enabled !== false }).filter(([, x]) => x != null && x !== '')) as Schemas['QaServiceSamplingRuleInput'];
    const ok = await save(() =>
      rule
        ? unwrap(api.PUT('/tenants/{tenant}/qa/sampling/rules/{id}', { params: { path: { tenant, id: rule.id! } }, body }))
        : unwrap(api.POST('/tenants/{tenant}/qa/sampling/rules', { params: { path: { tenant } }, body })),
    );
    if (ok) {
      onClose();
    }
  };
  return (
    <Modal open title={title} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form<Rule> form={form} layout="vertical" initialValues={rule ?? { kind: 'PER_AGENT', count: 2, enabled: true }} onFinish={(v) => void submit(v)}>
        <Form.Item name="name" label={t('qa.name')} rules={[{ required: true, message: t('common.required') }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="kind" label={t('qa.ruleKind')}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`qa.kindOf.${k}`) }))} />
        </Form.Item>
        {(kind === 'PER_AGENT' || kind === 'NEW_AGENT') && (
          <Form.Item name="count" label={t('qa.count')}>
            <InputNumber min={1} max={100} />
          </Form.Item>
        )}
        {kind === 'NEW_AGENT' && (
          <Form.Item name="newAgentWeeks" label={t('qa.newAgentWeeks')}>
            <InputNumber min={1} max={52} />
          </Form.Item>
        )}
        {kind === 'PERCENT' && (
          <Form.Item name="percent" label={t('qa.percent')}>
            <InputNumber min={0.1} max={100} suffix="%" />
          </Form.Item>
        )}
        {kind === 'LOW_CSAT' && (
          <Form.Item name="csatAtMost" label={t('qa.csatAtMost')}>
            <InputNumber min={1} max={5} />
          </Form.Item>
        )}
        {kind === 'LONG_CALL' && (
          <Form.Item name="minTalkSeconds" label={t('qa.minTalkSeconds')}>
            <InputNumber min={1} suffix="s" />
          </Form.Item>
        )}
        <Form.Item name="queue" label={t('qa.queue')} extra={t('qa.queueHint')}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="enabled" valuePropName="checked">
          <Checkbox>{t('qa.enabled')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
