import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Card, Col, Descriptions, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, errorText, type Schemas, unwrap } from '../api/client';
import { can as may, type SessionInfo } from '../api/session';
import { allowed, STATE_COLOUR, type AgentState } from '../lib/agentState';
import { duration, since } from '../lib/format';
import { useNow, useRealtime } from '../lib/useRealtime';
import { CallPanel } from './CallPanel';
import { ScreenPopPanel } from './ScreenPopPanel';
import { MyDay } from './MyDay';
import { MyCallbacks } from './MyCallbacks';
import { MySchedule } from './MySchedule';
import { MyAdherence } from './MyAdherence';
import { MessagesCard, useMyChannel } from './Messages';
import { AskForHelp } from './Help';
import { MyTickets } from './Tickets';
import { KnowledgeSearch } from './Knowledge';
import { PreviewDialling } from './Preview';

/** on the page for screen readers and the heading outline, not on the screen */
const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

type AgentStatus = Schemas['AgentStatus'];

/** The agent's desk: take a seat, ready / not ready with the tenant's reasons, the time in the current state. */
export default function AgentDesktop({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tenant = session.user.tenantId!;
  const me = session.user.id!;
  const path = { tenant, user: me };
  const queries = useQueryClient();
  const live = useRealtime(tenant);
  const pop = useMyChannel(tenant, me);
  const now = useNow();
  const [reason, setReason] = useState<string | undefined>(undefined);

  // the wrap-up countdown: the queue of the last call says how long its after-call work lasts
  const wrapQueue = agentQueue(live, me);
  const queue = useQuery({
    queryKey: ['queue', tenant, wrapQueue],
    enabled: !!wrapQueue,
    staleTime: 60_000,
    retry: false,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/queues/{name}', { params: { path: { tenant, name: wrapQueue! } } })),
  });
  const wrapUpMs = queue.data && queue.data.wrapUpSeconds > 0 ? queue.data.wrapUpSeconds * 1000 : null;
  const status = useQuery({
    queryKey: ['agent', tenant, me],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/agents/{user}', { params: { path } })),
  });
  const reasons = useQuery({
    queryKey: ['reasons', tenant],
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/reason-codes', { params: { path: { tenant } } })),
  });

  // the stream says when this agent changed; the agent's own record (seat, phone, call) is read again then
  const mine = live.agents.get(me);
  useEffect(() => {
    if (mine) {
      void queries.invalidateQueries({ queryKey: ['agent', tenant, me] });
    }
  }, [mine?.state, mine?.reason, mine?.callId, mine?.registered, queries, tenant, me]); // eslint-disable-line react-hooks/exhaustive-deps
  const agent: AgentStatus | undefined = status.data && mine ? { ...status.data, state: mine.state, reason: mine.reason, since: mine.since, callId: mine.callId } : (status.data ?? mine);
  const state = (agent?.state ?? 'LOGGED_OUT') as AgentState;
  const can = allowed(state);
  const choosable = useMemo(() => (reasons.data ?? []).filter((r) => !r.system), [reasons.data]);
  // the seats of the company free now, to pick one (or any: the server picks)
  const [seat, setSeat] = useState('auto');
  const seats = useQuery({
    queryKey: ['seats', tenant],
    enabled: state === 'LOGGED_OUT',
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/seats', { params: { path: { tenant } } })),
  });
  const freeSeats = useMemo(() => (seats.data?.seats ?? []).filter((s) => !s.agentUserId && !s.occupiedByOtherTenant), [seats.data]);

  const act = useCallback(
    async (work: () => Promise<AgentStatus>) => {
      try {
        const next = await work();
        queries.setQueryData(['agent', tenant, me], next);
      } catch (e) {
        void message.error(errorText(e));
      }
    },
    [message, queries, tenant, me],
  );

  const ready = useCallback(
    () => act(() => unwrap(api.PUT('/tenants/{tenant}/agents/{user}/state', { params: { path }, body: { state: 'READY' } }))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [act],
  );
  const notReady = useCallback(
    (r: string | undefined) =>
      act(() =>
        unwrap(api.PUT('/tenants/{tenant}/agents/{user}/state', { params: { path }, body: { state: 'NOT_READY', ...(r ? { reason: r } : {}) } })),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [act],
  );

  // hot keys, shown on screen: F2 ready, F3 not ready (with the chosen reason)
  useEffect(() => {
    const key = (e: KeyboardEvent) => {
      if (e.key === 'F2' && can.has('ready')) {
        e.preventDefault();
        void ready();
      } else if (e.key === 'F3' && can.has('notReady')) {
        e.preventDefault();
        void notReady(reason);
      }
    };
    window.addEventListener('keydown', key);
    return () => window.removeEventListener('keydown', key);
  }, [can, ready, notReady, reason]);

  if (status.error) {
    return <Alert type="error" showIcon title={status.error instanceof ApiError && status.error.status === 404 ? t('agent.notAnAgent') : String(status.error)} />;
  }

  return (
    <Row gutter={[24, 24]}>
      <h1 style={VISUALLY_HIDDEN}>{t('nav.agent')}</h1>
      <Col xs={24} lg={10}>
        <Card title={t('agent.title')} extra={<Typography.Text type="secondary">{t('agent.hotkeys')}</Typography.Text>}>
          {state === 'LOGGED_OUT' ? (
            <Space orientation="vertical">
              <Typography.Text>{t('agent.takeSeatHint')}</Typography.Text>
              <Space wrap>
                <Select
                  aria-label={t('agent.seat')}
                  style={{ minWidth: 220 }}
                  value={seat}
                  onChange={setSeat}
                  options={[
                    { value: 'auto', label: t('agent.anySeat') },
                    ...freeSeats.map((s) => ({ value: s.id!, label: `${s.id} · ${t(`agent.seatKind.${s.kind}`, { defaultValue: s.kind ?? '' })}` })),
                  ]}
                />
                <Button
                  type="primary"
                  size="large"
                  onClick={() => act(() => unwrap(api.POST('/tenants/{tenant}/agents/{user}/login', { params: { path }, body: { seatId: seat } })))}
                >
                  {t('agent.takeSeat')}
                </Button>
              </Space>
            </Space>
          ) : (
            <Space orientation="vertical" size="large" style={{ width: '100%' }}>
              <Space size="large" align="center">
                <Tag color={STATE_COLOUR[state]} style={{ fontSize: 18, padding: '6px 14px' }} data-testid="agent-state" data-state={state}>
                  {t(`state.${state}`)}
                </Tag>
                <Statistic title={t('agent.timeInState')} value={duration(since(agent?.since, now, live.serverOffsetMs))} />
                {state === 'WRAP_UP' && wrapUpMs !== null && (
                  <span data-testid="wrap-up-left">
                    <Statistic title={t('agent.wrapUpLeft')} value={duration(Math.max(0, wrapUpMs - since(agent?.since, now, live.serverOffsetMs)))} />
                  </span>
                )}
              </Space>
              {agent?.reason && (
                <Typography.Text>
                  {t('agent.reason')}: {reasons.data?.find((r) => r.code === agent.reason)?.label ?? agent.reason}
                </Typography.Text>
              )}
              <Space wrap>
                <Button type="primary" disabled={!can.has('ready')} onClick={() => void ready()}>
                  {t('agent.ready')} (F2)
                </Button>
                <Select
                  aria-label={t('agent.reason')}
                  placeholder={t('agent.chooseReason')}
                  style={{ width: 180 }}
                  value={reason}
                  onChange={setReason}
                  allowClear
                  options={choosable.map((r) => ({ value: r.code, label: r.label }))}
                />
                <Button danger disabled={!can.has('notReady')} onClick={() => void notReady(reason)}>
                  {t('agent.notReady')} (F3)
                </Button>
              </Space>
              <Space wrap>
                <Button
                  disabled={!can.has('leaveSeat')}
                  onClick={() => act(() => unwrap(api.POST('/tenants/{tenant}/agents/{user}/logout', { params: { path } })))}
                >
                  {t('agent.leaveSeat')}
                </Button>
                {may(session, 'messages:self') && <AskForHelp tenant={tenant} callId={agent?.callId} now={now} />}
              </Space>
            </Space>
          )}
        </Card>
        {state !== 'LOGGED_OUT' && (
          <div style={{ marginTop: 24 }}>
            <MyDay tenant={tenant} me={me} since={agent?.since} now={now} />
          </div>
        )}
        {may(session, 'schedules:self') && (
          <div style={{ marginTop: 24 }}>
            <MySchedule tenant={tenant} />
          </div>
        )}
        {may(session, 'schedules:self') && (
          <div style={{ marginTop: 24 }}>
            <MyAdherence tenant={tenant} />
          </div>
        )}
        {state !== 'LOGGED_OUT' && (
          <div style={{ marginTop: 24 }}>
            <MyCallbacks tenant={tenant} me={me} busy={!!agent?.callId} now={now} />
          </div>
        )}
        {may(session, 'tickets:read') && (
          <div style={{ marginTop: 24 }}>
            <MyTickets tenant={tenant} me={me} now={now} busy={!!agent?.callId || state === 'LOGGED_OUT'} />
          </div>
        )}
        {may(session, 'messages:self') && (
          <div style={{ marginTop: 24 }}>
            <MessagesCard tenant={tenant} me={me} />
          </div>
        )}
      </Col>
      <Col xs={24} lg={14}>
        {/* keyed: Space keys an unkeyed child by its position, so the preview dialler coming or going (logged out, a
            campaign's end) would remount the screen pop below it and drop a wrap-up being filled in */}
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <CallPanel key="call" tenant={tenant} me={me} agentState={state} callId={agent?.callId} live={live} now={now} mayRecord={may(session, 'calls:record')} />
        {state !== 'LOGGED_OUT' && may(session, 'campaigns:self') && <PreviewDialling key="preview" tenant={tenant} busy={!!agent?.callId} />}
        <ScreenPopPanel key="pop" tenant={tenant} me={me} pop={pop} current={!!pop && !!agent?.callId && pop.callId === agent.callId} busy={!!agent?.callId || state === 'LOGGED_OUT'} />
        {may(session, 'kb:read') && <KnowledgeSearch key="kb" tenant={tenant} />}
        <Card key="seat">
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('agent.seat')}>{agent?.seatId ?? '–'}</Descriptions.Item>
            <Descriptions.Item label={t('agent.phone')}>
              <Badge status={agent?.registered ? 'success' : 'error'} text={agent?.registered ? t('agent.registered') : t('agent.unregistered')} />
              {agent?.sipUser ? <Typography.Text type="secondary"> · {agent.sipUser}</Typography.Text> : null}
            </Descriptions.Item>
            <Descriptions.Item label={t('agent.currentCall')}>{agent?.callId ?? '–'}</Descriptions.Item>
            <Descriptions.Item label={t('agent.queue')}>{agent?.queue ?? '–'}</Descriptions.Item>
          </Descriptions>
        </Card>
        </Space>
      </Col>
    </Row>
  );
}

/** The queue of the agent's current or last call, from the live floor (null when none). */
function agentQueue(live: { agents: Map<string, { queue?: string | null }> }, me: string): string | null {
  return live.agents.get(me)?.queue ?? null;
}
