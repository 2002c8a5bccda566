import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { api, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { todayIn } from '../lib/format';
import { Chart } from '../pages/Chart';
import type { AdminProps } from './Admin';
import { AA } from './forms';
import { useAllUsers, useSave } from './hooks';
import { StatusFilter } from './Evaluate';

type WeakSpot = Schemas['QaServiceWeakSpot'];
type Coaching = Schemas['QaServiceCoaching'];
const PAGE = 20;
const DAY = 'YYYY-MM-DD';

/**
 * QA reports (质检报表) for a period: score trends by agent or team (a line each), where agents or teams score below
 * the company on an item (a coaching need, with a button to coach it), the spread of a scorecard's scores (bars, with
 * a warning when they bunch at the top), and how each item follows the callers' survey scores.
 */
export function QaReports({ session, tenant }: AdminProps) {
  const { t } = useTranslation();
  // the company's today: the server reads the dates in its time zone
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(todayIn()).subtract(12, 'week'), dayjs(todayIn())]);
  const [by, setBy] = useState<'AGENT' | 'TEAM'>('AGENT');
  const [granularity, setGranularity] = useState<'WEEK' | 'MONTH'>('WEEK');
  const [cardId, setCardId] = useState<string | undefined>(undefined);
  const [coach, setCoach] = useState<WeakSpot | null>(null);
  const from = range[0].format(DAY);
  const to = range[1].format(DAY);
  const cards = useQuery({ queryKey: ['scorecards', tenant], queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/scorecards', { params: { path: { tenant } } })) });
  const scorecard = cardId ?? cards.data?.[0]?.id ?? undefined;
  const trends = useQuery({
    queryKey: ['qa-trends', tenant, by, granularity, from, to],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/reports/trends', { params: { path: { tenant }, query: { by, granularity, from, to } } })),
    placeholderData: keepPreviousData,
  });
  const weak = useQuery({
    queryKey: ['qa-weak', tenant, by, from, to],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/reports/weak-spots', { params: { path: { tenant }, query: { by, from, to } } })),
    placeholderData: keepPreviousData,
  });
  const spread = useQuery({
    queryKey: ['qa-spread', tenant, scorecard, from, to],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/reports/distribution', { params: { path: { tenant }, query: { scorecard: scorecard!, from, to } } })),
    enabled: !!scorecard,
  });
  const csat = useQuery({
    queryKey: ['qa-csat', tenant, scorecard, from, to],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/reports/csat-correlation', { params: { path: { tenant }, query: { scorecard: scorecard!, from, to } } })),
    enabled: !!scorecard,
  });
  const periods = [...new Set((trends.data ?? []).flatMap((x) => (x.points ?? []).map((p) => p.period ?? '')))].sort();
  const trendOption = {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', min: 0, max: 100 },
    series: (trends.data ?? []).map((x) => ({
      name: x.label ?? x.key,
      type: 'line',
      connectNulls: true,
      data: periods.map((p) => {
        const v = (x.points ?? []).find((q) => q.period === p)?.average;
        return v == null ? null : Number(v);
      }),
    })),
  };
  const buckets = spread.data?.buckets ?? [];
  const spreadOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: buckets.map((b) => `${b.from}–${b.to}`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: t('qa.evaluations'), data: buckets.map((b) => b.count ?? 0), itemStyle: { color: '#0958d9' } }],
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
          aria-label={t('qa.period')}
        />
        <Select aria-label={t('qa.by')} style={{ width: 160 }} value={by} onChange={setBy} options={(['AGENT', 'TEAM'] as const).map((v) => ({ value: v, label: t(`qa.byOf.${v}`) }))} />
        <Select aria-label={t('qa.granularity')} style={{ width: 140 }} value={granularity} onChange={setGranularity} options={(['WEEK', 'MONTH'] as const).map((v) => ({ value: v, label: t(`qa.granularityOf.${v}`) }))} />
        <Select aria-label={t('qa.scorecard')} style={{ width: 240 }} value={scorecard} onChange={setCardId} options={(cards.data ?? []).map((c) => ({ value: c.id!, label: `${c.name} v${c.version}` }))} />
      </Space>
      <Card size="small" title={t('qa.trends')} data-testid="qa-trends">
        {(trends.data ?? []).length === 0 ? <Typography.Text type="secondary">{t('qa.noData')}</Typography.Text> : <Chart light option={trendOption} height={300} label={t('qa.trendsLabel')} />}
      </Card>
      <Card size="small" title={t('qa.weakSpots')}>
        <Table<WeakSpot>
          rowKey={(w) => `${w.key}-${w.item}`}
          size="small"
          data-testid="weak-spots"
          loading={weak.isFetching}
          dataSource={weak.data ?? []}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          locale={{ emptyText: <Typography.Text type="secondary">{t('qa.noWeakSpots')}</Typography.Text> }}
          columns={[
            { title: t(`qa.byOf.${by}`), dataIndex: 'label' },
            { title: t('qa.item'), dataIndex: 'text' },
            { title: t('qa.average'), dataIndex: 'average' },
            { title: t('qa.tenantAverage'), dataIndex: 'tenantAverage' },
            { title: t('qa.gap'), dataIndex: 'gap', render: (v: number | null) => <Typography.Text type="danger">{v}</Typography.Text> },
            { title: t('qa.n'), dataIndex: 'n' },
            ...(by === 'AGENT' && can(session, 'qa:coach')
              ? [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    render: (_: unknown, w: WeakSpot) => (
                      <Button size="small" onClick={() => setCoach(w)} aria-label={t('qa.coachOn', { who: w.label, item: w.text })}>
                        {t('qa.coach')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title={t('qa.spread')} data-testid="qa-spread">
        {spread.data && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {spread.data.bunched && <Alert type="warning" showIcon title={t('qa.bunched')} description={t('qa.bunchedNote', { share: spread.data.shareFrom92 ?? '–' })} />}
            {!spread.data.bunched && (spread.data.n ?? 0) < 10 && <Typography.Text type="secondary">{t('qa.spreadTooFew')}</Typography.Text>}
            <Descriptions size="small" column={5}>
              <Descriptions.Item label={t('qa.n')}>{spread.data.n}</Descriptions.Item>
              <Descriptions.Item label={t('qa.mean')}>{spread.data.mean ?? '–'}</Descriptions.Item>
              <Descriptions.Item label={t('qa.median')}>{spread.data.median ?? '–'}</Descriptions.Item>
              <Descriptions.Item label="P10">{spread.data.p10 ?? '–'}</Descriptions.Item>
              <Descriptions.Item label="P90">{spread.data.p90 ?? '–'}</Descriptions.Item>
            </Descriptions>
            {buckets.length > 0 && <Chart light option={spreadOption} height={240} label={t('qa.spreadLabel')} />}
          </Space>
        )}
      </Card>
      <Card size="small" title={t('qa.csat')}>
        {csat.data && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text>
              {t('qa.csatSummary', { n: csat.data.evaluationsWithCsat ?? 0, min: csat.data.minN ?? 0, r: csat.data.totalScoreR ?? '–' })}
            </Typography.Text>
            <Typography.Text type="secondary">{csatNote(csat.data, t)}</Typography.Text>
            <Table
              rowKey="item"
              size="small"
              pagination={false}
              dataSource={csat.data.items ?? []}
              columns={[
                { title: t('qa.item'), dataIndex: 'text' },
                { title: 'r', dataIndex: 'r', render: (v: number | null, x) => (x.enough ? v : <Typography.Text type="secondary">{v ?? '–'} ({t('qa.tooFew')})</Typography.Text>) },
                { title: t('qa.n'), dataIndex: 'n' },
                { title: t('qa.weight'), dataIndex: 'weight' },
                { title: t('qa.suggestedWeight'), dataIndex: 'suggestedWeight', render: (v: number | null) => v ?? '–' },
              ]}
            />
          </Space>
        )}
      </Card>
      {coach && <CoachModal tenant={tenant} agentUserId={coach.key ?? ''} topic={coach.text ?? ''} onClose={() => setCoach(null)} />}
    </Space>
  );
}

/** A coaching task for an agent: the topic, a due date, who coaches (the agent's team lead when left empty). */
function CoachModal({ tenant, agentUserId, topic, onClose }: { tenant: string; agentUserId?: string; topic?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [form] = Form.useForm<{ agentUserId: string; topic: string; due?: Dayjs; assigneeUserId?: string }>();
  const { busy, save } = useSave(form);
  const users = useAllUsers(tenant);
  const people = (role?: string) =>
    (users.data?.items ?? []).filter((u) => !role || u.roles?.includes(role)).map((u) => ({ value: u.id!, label: `${u.displayName ?? u.login} (${u.login})` }));
  const submit = async (v: { agentUserId: string; topic: string; due?: Dayjs; assigneeUserId?: string }) => {
    const ok = await save(() =>
      unwrap(
        api.POST('/tenants/{tenant}/qa/coaching', {
          params: { path: { tenant } },
          body: { agentUserId: v.agentUserId, topic: v.topic, ...(v.due ? { due: v.due.format(DAY) } : {}), ...(v.assigneeUserId ? { assigneeUserId: v.assigneeUserId } : {}) },
        }),
      ),
    );
    if (ok) {
      void message.success(t('qa.coachingCreated'));
      void queries.invalidateQueries({ queryKey: ['coaching', tenant] });
      onClose();
    }
  };
  return (
    <Modal open title={t('qa.newCoaching')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ agentUserId, topic, due: dayjs().add(7, 'day') }} onFinish={(v) => void submit(v)}>
        <Form.Item name="agentUserId" label={t('qa.agent')} rules={[{ required: true, message: t('common.required') }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={people('agent')} />
        </Form.Item>
        <Form.Item name="topic" label={t('qa.topic')} rules={[{ required: true, message: t('common.required') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="due" label={t('qa.due')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="assigneeUserId" label={t('qa.coachWho')} extra={t('qa.coachWhoHint')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={people()} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * Coaching tasks (辅导): open and done, paged on the server, overdue ones marked; a new task for an agent, and a
 * task closed with what came of it.
 */
export function CoachingTasks({ session, tenant }: AdminProps) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [status, setStatus] = useState<string | undefined>('OPEN');
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [closing, setClosing] = useState<Coaching | null>(null);
  const [outcome, setOutcome] = useState('');
  const { message } = App.useApp();
  const users = useAllUsers(tenant);
  const name = (id: string | null | undefined) => {
    const u = users.data?.items.find((x) => x.id === id);
    return u ? (u.displayName ?? u.login) : (id ?? '–');
  };
  const list = useQuery({
    queryKey: ['coaching', tenant, status, page],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/qa/coaching', { params: { path: { tenant }, query: { status, offset: (page - 1) * PAGE, limit: PAGE } } })),
    placeholderData: keepPreviousData,
  });
  const complete = async () => {
    try {
      await unwrap(api.POST('/tenants/{tenant}/qa/coaching/{id}/complete', { params: { path: { tenant, id: closing!.id! } }, body: { outcome } }));
      setClosing(null);
      setOutcome('');
      void queries.invalidateQueries({ queryKey: ['coaching', tenant] });
    } catch (e) {
      void message.error((e as Error).message);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap>
        {can(session, 'qa:coach') && (
          <Button type="primary" onClick={() => setAdding(true)}>
            {t('qa.newCoaching')}
          </Button>
        )}
        <StatusFilter
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={['OPEN', 'DONE'].map((s) => ({ value: s, label: t(`qa.coachingOf.${s}`) }))}
        />
      </Space>
      <Table<Coaching>
        rowKey="id"
        data-testid="coaching-table"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('qa.noCoaching')}</Typography.Text> }}
        pagination={{ current: page, pageSize: PAGE, total: list.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          { title: t('qa.agent'), key: 'agent', render: (_, c) => name(c.agentUserId) },
          { title: t('qa.topic'), dataIndex: 'topic' },
          { title: t('qa.coachWho'), key: 'who', render: (_, c) => name(c.assigneeUserId) },
          { title: t('qa.due'), key: 'due', render: (_, c) => <Space>{c.due ?? '–'}{c.overdue && <Tag color="red">{t('qa.overdue')}</Tag>}</Space> },
          { title: t('qa.status'), dataIndex: 'status', render: (v: string) => <Tag color={v === 'DONE' ? AA.green : 'blue'}>{t(`qa.coachingOf.${v}`)}</Tag> },
          { title: t('qa.outcome'), dataIndex: 'outcome', render: (v: string | null) => v ?? '–' },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, c) =>
              c.status === 'OPEN' && (
                <Button size="small" onClick={() => setClosing(c)} aria-label={t('qa.completeFor', { who: name(c.agentUserId) })}>
                  {t('qa.complete')}
                </Button>
              ),
          },
        ]}
      />
      {adding && <CoachModal tenant={tenant} onClose={() => setAdding(false)} />}
      {closing && (
        <Modal open title={t('qa.completeFor', { who: name(closing.agentUserId) })} onCancel={() => setClosing(null)} onOk={() => void complete()} okButtonProps={{ disabled: !outcome.trim() }} okText={t('qa.complete')} cancelText={t('common.cancel')}>
          <Input.TextArea rows={3} aria-label={t('qa.outcome')} placeholder={t('qa.outcome')} value={outcome} onChange={(e) => setOutcome(e.target.value)} maxLength={2000} />
        </Modal>
      )}
    </Space>
  );
}

/** What the CSAT correlation can say, from its figures (the server's own note is English): too few calls, items short of calls, or how to read it. */
function csatNote(c: Schemas['QaServiceCsatCorrelation'], t: (k: string, o?: Record<string, unknown>) => string): string {
  const min = c.minN ?? 0;
  if ((c.evaluationsWithCsat ?? 0) < min) {
    return t('qa.csatTooFew', { n: c.evaluationsWithCsat ?? 0, min });
  }
  const short = (c.items ?? []).filter((i) => !i.enough).length;
  return short > 0 ? t('qa.csatItemsShort', { count: short, min }) : t('qa.csatHowToRead');
}

