import { useState } from 'react';
import { App, Button, Card, DatePicker, Drawer, Empty, Form, Input, InputNumber, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api, errorText, unwrap, type Schemas } from '../api/client';
import { can } from '../api/session';
import { todayIn } from '../lib/format';
import { hms, mappingOptions, ratio } from '../lib/adherence';
import { AdherenceTimeline, ExceptionList, StatusTag, TAG_STYLE } from '../pages/AdherenceTimeline';
import type { AdminProps } from './Admin';

type AgentRow = Schemas['AdherenceServiceAgentRow'];
type TeamRow = Schemas['AdherenceServiceTeamRow'];
type Figures = Schemas['AdherenceServiceFigures'];
type Exception = Schemas['AdherenceServiceExceptionRequest'];
const ACTIVITIES = ['CALLS', 'BREAK', 'LUNCH', 'TRAINING', 'MEETING', 'BACK_OFFICE'];

/**
 * Adherence (遵时): a day's adherence and conformance per agent and team against the published schedule (an agent's
 * timeline in a drawer), the exceptions agents ask for (approve or reject), and the company's activity mapping and
 * tolerances.
 */
export function Adherence({ session, tenant }: AdminProps) {
  const { t } = useTranslation();
  const writer = can(session, 'schedules:write');
  const [tab, setTab] = useState('day');
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'day', label: t('adherence.day'), children: <Day tenant={tenant} writer={writer} /> },
        { key: 'exceptions', label: t('adherence.exceptions'), children: <Exceptions tenant={tenant} writer={writer} /> },
        ...(writer ? [{ key: 'settings', label: t('adherence.settings'), children: <Settings tenant={tenant} /> }] : []),
      ]}
    />
  );
}

/** The figures' columns, for agents and for teams. */
function useFigureColumns<T extends { figures?: Figures | null }>() {
  const { t, i18n } = useTranslation();
  const f = (r: T) => r.figures ?? ({} as Figures);
  return [
    { title: t('adherence.adherence'), key: 'adherence', render: (r: T) => <strong>{ratio(f(r).adherence, i18n.language)}</strong> },
    { title: t('adherence.conformance'), key: 'conformance', render: (r: T) => ratio(f(r).conformance, i18n.language) },
    { title: t('adherence.scheduled'), key: 'scheduled', render: (r: T) => hms(f(r).scheduledSeconds ?? 0) },
    { title: t('adherence.out'), key: 'out', render: (r: T) => hms(f(r).outOfAdherenceSeconds ?? 0) },
    { title: t('adherence.excepted'), key: 'excepted', render: (r: T) => hms(f(r).exceptedSeconds ?? 0) },
    {
      title: t('adherence.late'),
      key: 'late',
      render: (r: T) => ((f(r).lateSeconds ?? 0) > 0 ? <Tag style={TAG_STYLE.warn}>{hms(f(r).lateSeconds ?? 0)}</Tag> : '–'),
    },
    {
      title: t('adherence.earlyLeave'),
      key: 'early',
      render: (r: T) => ((f(r).earlyLeaveSeconds ?? 0) > 0 ? <Tag style={TAG_STYLE.warn}>{hms(f(r).earlyLeaveSeconds ?? 0)}</Tag> : '–'),
    },
  ];
}

function Day({ tenant, writer }: { tenant: string; writer: boolean }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(todayIn());
  const [team, setTeam] = useState<string | null>(null);
  const [open, setOpen] = useState<AgentRow | null>(null);
  const teams = useQuery({
    queryKey: ['teams', tenant],
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/teams', { params: { path: { tenant }, query: { limit: 500 } } })),
  });
  const day = useQuery({
    queryKey: ['adherence-day', tenant, date, team],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/adherence/day', { params: { path: { tenant }, query: { date, team: team ?? undefined } } })),
    // today's figures grow as the day goes on
    refetchInterval: date === todayIn() ? 60_000 : false,
  });
  const agentColumns = useFigureColumns<AgentRow>();
  const teamColumns = useFigureColumns<TeamRow>();
  const teamName = new Map((teams.data?.items ?? []).map((x) => [x.id ?? '', x.name ?? '']));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap>
        <DatePicker
          aria-label={t('adherence.date')}
          value={dayjs(date)}
          allowClear={false}
          onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
        />
        <Select
          aria-label={t('adherence.team')}
          style={{ minWidth: 160 }}
          value={team ?? 'ALL'}
          onChange={(v) => setTeam(v === 'ALL' ? null : v)}
          options={[{ value: 'ALL', label: t('adherence.allTeams') }, ...(teams.data?.items ?? []).map((x) => ({ value: x.id ?? '', label: x.name ?? '' }))]}
        />
      </Space>
      <Card title={t('adherence.teams')} size="small">
        <Table<TeamRow>
          rowKey={(r) => r.teamId ?? 'total'}
          size="small"
          pagination={false}
          loading={day.isPending}
          dataSource={[...(day.data?.teams ?? []), ...(day.data?.total ? [day.data.total] : [])]}
          columns={[
            {
              title: t('adherence.team'),
              key: 'team',
              render: (r: TeamRow) => (r.teamId ? (r.teamName ?? r.teamId) : <strong>{t('adherence.company')}</strong>),
            },
            { title: t('adherence.agents'), dataIndex: 'agents', key: 'agents' },
            ...teamColumns,
          ]}
        />
      </Card>
      <Card title={t('adherence.byAgent')} size="small">
        <Table<AgentRow>
          rowKey={(r) => r.agentUserId ?? ''}
          size="small"
          loading={day.isPending}
          dataSource={day.data?.agents ?? []}
          locale={{ emptyText: <Empty description={t('adherence.noneScheduled')} /> }}
          onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('adherence.agent'),
              key: 'agent',
              render: (r: AgentRow) => (
                <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(r)}>
                  {r.agentName ?? r.agentUserId}
                </Button>
              ),
            },
            { title: t('adherence.team'), key: 'team', render: (r: AgentRow) => teamName.get(r.teamId ?? '') ?? '–' },
            ...agentColumns,
            { title: t('adherence.exceptionsN'), dataIndex: 'exceptions', key: 'exceptions' },
          ]}
        />
      </Card>
      <Drawer open={!!open} onClose={() => setOpen(null)} size="large" title={open ? `${open.agentName ?? ''} · ${date}` : ''} destroyOnHidden>
        {open && <AgentDrawer tenant={tenant} date={date} agent={open.agentUserId ?? ''} writer={writer} />}
      </Drawer>
    </Space>
  );
}

function AgentDrawer({ tenant, date, agent, writer }: { tenant: string; date: string; agent: string; writer: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const detail = useQuery({
    queryKey: ['adherence-agent', tenant, date, agent],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/adherence/agents/{user}', { params: { path: { tenant, user: agent }, query: { date } } })),
  });
  if (!detail.data) {
    return <Card loading />;
  }
  // a supervisor records an exception for the agent (approved at once): a meeting called at short notice, an outage
  const record = async (v: { from: string; to: string; reason: string; note?: string }) => {
    try {
      await unwrap(api.POST('/tenants/{tenant}/adherence/exceptions', {
      params: { path: { tenant } },
      body: { agentUserId: agent, from: `${date}T${v.from}`, to: `${date}T${v.to}`, reason: v.reason, note: v.note },
    }));
    } catch (e) {
      void message.error(errorText(e));
      return;
    }
    message.success(t('adherence.recorded'));
    form.resetFields();
    void client.invalidateQueries({ queryKey: ['adherence-agent', tenant] });
    void client.invalidateQueries({ queryKey: ['adherence-day', tenant] });
  };
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <AdherenceTimeline day={detail.data} />
      <Card size="small" title={t('adherence.violations')}>
        <Table
          rowKey={(v) => `${v.from}`}
          size="small"
          pagination={false}
          dataSource={detail.data.violations ?? []}
          locale={{ emptyText: <Typography.Text type="secondary">{t('adherence.noViolations')}</Typography.Text> }}
          columns={[
            { title: t('adherence.from'), key: 'from', render: (v) => (v.from ?? '').slice(11, 19) },
            { title: t('adherence.to'), key: 'to', render: (v) => (v.to ?? '').slice(11, 19) },
            { title: t('adherence.scheduledActivity'), key: 'scheduled', render: (v) => t(`mySchedule.activity.${v.scheduled}`) },
            { title: t('adherence.actual'), dataIndex: 'actual', key: 'actual' },
            { title: t('adherence.length'), key: 'length', render: (v) => hms(v.seconds ?? 0) },
          ]}
        />
      </Card>
      <ExceptionList items={detail.data.exceptions ?? []} />
      {writer && (
        <Card size="small" title={t('adherence.recordException')}>
          <Form form={form} layout="inline" onFinish={record}>
            <Form.Item name="from" label={t('adherence.from')} rules={[{ required: true, pattern: /^\d{2}:\d{2}(:\d{2})?$/, message: 'HH:mm' }]}>
              <Input placeholder="HH:mm" style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="to" label={t('adherence.to')} rules={[{ required: true, pattern: /^\d{2}:\d{2}(:\d{2})?$/, message: 'HH:mm' }]}>
              <Input placeholder="HH:mm" style={{ width: 90 }} />
            </Form.Item>
            <Form.Item name="reason" label={t('adherence.reason')} rules={[{ required: true, max: 64 }]}>
              <Input style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="note" label={t('adherence.note')}>
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('adherence.record')}
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

function Exceptions({ tenant, writer }: { tenant: string; writer: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<string>('PENDING');
  const today = todayIn();
  const from = dayjs(today).subtract(31, 'day').format('YYYY-MM-DD');
  const to = dayjs(today).add(31, 'day').format('YYYY-MM-DD');
  const list = useQuery({
    queryKey: ['adherence-exceptions', tenant, status],
    queryFn: () =>
      unwrap(
        api.GET('/tenants/{tenant}/adherence/exceptions', {
          params: { path: { tenant }, query: { from, to, status: status === 'ALL' ? undefined : status } },
        }),
      ),
  });
  const decide = async (x: Exception, approve: boolean) => {
    try {
      await unwrap(api.POST('/tenants/{tenant}/adherence/exceptions/{id}/decision', { params: { path: { tenant, id: x.id ?? '' } }, body: { approve } }));
      void message.success(t(approve ? 'adherence.approvedMsg' : 'adherence.rejectedMsg'));
    } catch (e) {
      void message.error(errorText(e));
    }
    void client.invalidateQueries({ queryKey: ['adherence-exceptions', tenant] });
    void client.invalidateQueries({ queryKey: ['adherence-day', tenant] });
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented
        aria-label={t('adherence.status')}
        value={status}
        onChange={(v) => setStatus(String(v))}
        options={['PENDING', 'APPROVED', 'REJECTED', 'ALL'].map((s) => ({ value: s, label: t(`adherence.statusOf.${s}`) }))}
      />
      <Table<Exception>
        rowKey={(x) => x.id ?? ''}
        size="small"
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('adherence.noExceptions')}</Typography.Text> }}
        columns={[
          { title: t('adherence.agent'), key: 'agent', render: (x: Exception) => x.agentName ?? x.agentUserId },
          { title: t('adherence.when'), key: 'when', render: (x: Exception) => `${(x.from ?? '').replace('T', ' ')} – ${(x.to ?? '').slice(11)}` },
          { title: t('adherence.reason'), dataIndex: 'reason', key: 'reason' },
          { title: t('adherence.note'), dataIndex: 'note', key: 'note' },
          { title: t('adherence.status'), key: 'status', render: (x: Exception) => <StatusTag status={x.status} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (x: Exception) =>
              writer && x.status === 'PENDING' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => void decide(x, true)}>
                    {t('adherence.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => void decide(x, false)}>
                    {t('adherence.reject')}
                  </Button>
                </Space>
              ) : (
                (x.decidedBy ?? '')
              ),
          },
        ]}
      />
    </Space>
  );
}

function Settings({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const settings = useQuery({
    queryKey: ['adherence-settings', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/adherence/settings', { params: { path: { tenant } } })),
  });
  const reasons = useQuery({
    queryKey: ['reason-codes', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/reason-codes', { params: { path: { tenant } } })),
  });
  if (!settings.data) {
    return <Card loading />;
  }
  const options = mappingOptions((reasons.data ?? []).filter((r) => !r.system).map((r) => r.code ?? '')).map((v) => ({ value: v, label: v }));
  const save = async (v: Record<string, { states: string[]; tolerance: number }>) => {
    const mapping: Record<string, string[]> = {};
    const toleranceSeconds: Record<string, number> = {};
    for (const a of ACTIVITIES) {
      mapping[a] = v[a]?.states ?? [];
      toleranceSeconds[a] = v[a]?.tolerance ?? 300;
    }
    try {
      await unwrap(api.PUT('/tenants/{tenant}/adherence/settings', { params: { path: { tenant } }, body: { mapping, toleranceSeconds } }));
    } catch (e) {
      void message.error(errorText(e));
      return;
    }
    message.success(t('adherence.saved'));
    void client.invalidateQueries({ queryKey: ['adherence-settings', tenant] });
  };
  const initial = Object.fromEntries(
    ACTIVITIES.map((a) => [a, { states: settings.data.mapping?.[a] ?? [], tolerance: settings.data.toleranceSeconds?.[a] ?? 300 }]),
  );
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t('adherence.settingsHelp')}</Typography.Paragraph>
      <Form layout="vertical" initialValues={initial} onFinish={save} style={{ maxWidth: 820 }}>
        {ACTIVITIES.map((a) => (
          <Space key={a} align="start" wrap>
            <Form.Item name={[a, 'states']} label={t('adherence.metBy', { activity: t(`mySchedule.activity.${a}`) })} style={{ width: 520 }}>
              <Select mode="multiple" options={options} aria-label={t('adherence.metBy', { activity: t(`mySchedule.activity.${a}`) })} />
            </Form.Item>
            <Form.Item name={[a, 'tolerance']} label={t('adherence.tolerance')} rules={[{ required: true, type: 'number', min: 0, max: 3600 }]}>
              <InputNumber min={0} max={3600} addonAfter={t('adherence.seconds')} aria-label={`${a} ${t('adherence.tolerance')}`} />
            </Form.Item>
          </Space>
        ))}
        <Button type="primary" htmlType="submit">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
