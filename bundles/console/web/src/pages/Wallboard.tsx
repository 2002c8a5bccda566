import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Alert, Card, Col, Empty, Row, Segmented, Select, Space, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/session';
import { showsTile, STATE_COLOUR, STATES, type AgentState } from '../lib/agentState';
import { clock as timeOfDay, duration, getTenantZone, percent, serviceLevel, since } from '../lib/format';
import { useNow, useRealtime, type AgentStatus, type QueueStats } from '../lib/useRealtime';
import { AgentActions } from './AgentActions';
import { HelpRequests, useAskingForHelp } from './Help';
import { MessagesCard, useMyChannel } from './Messages';
import { can } from '../api/session';

const TILE_BACKGROUND: Record<AgentState, string> = {
  READY: '#d9f7be',
  RESERVED: '#fff1b8',
  ON_CALL: '#bae0ff',
  WRAP_UP: '#efdbff',
  NOT_READY: '#ffccc7',
  LOGGED_OUT: '#f0f0f0',
};
/** more queues than this: their table scrolls, drawing only the rows in view */
const MANY_QUEUES = 25;
/** text on the tiles: dark enough on every tile colour (WCAG AA) */
const TILE_TEXT = '#1f1f1f';
const TILE_SECONDARY = '#434343';

/** The supervisor's live floor: queue figures and agent tiles, pushed by the tenant's event stream. */
export default function Wallboard({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const live = useRealtime(session.user.tenantId);
  const tenant = session.user.tenantId!;
  const mayHelp = can(session, 'messages:read');
  const mayWrite = can(session, 'messages:write');
  // the supervisor's own channel: messages to her, and help requests as agents raise them
  useMyChannel(tenant, session.user.id ?? null);
  const asking = useAskingForHelp(tenant, mayHelp);
  // the tiles' time-in-state clocks are set straight in the page once a second (below), not by drawing a thousand
  // tiles again: they read the server's clock offset from here
  const offset = useRef(0);
  offset.current = live.serverOffsetMs;
  const board = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const tick = window.setInterval(() => {
      board.current?.querySelectorAll<HTMLElement>('[data-clock]').forEach((el) => setClock(el, offset.current));
    }, 1000);
    return () => clearInterval(tick);
  }, []);
  const [filter, setFilter] = useState<AgentState | 'ALL'>('ALL');
  // by team (a supervisor starts on the teams she leads) and by skill
  const me = session.user.id ?? '';
  const teams = useQuery({
    queryKey: ['teams', tenant],
    enabled: can(session, 'teams:read'),
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/teams', { params: { path: { tenant }, query: { limit: 500 } } })),
  });
  const people = useQuery({
    queryKey: ['users', tenant],
    enabled: can(session, 'users:read'),
    staleTime: 60_000,
    // every user of the company, page by page (500 a page): who is in which team
    queryFn: async () => {
      const all: { id?: string | null; teamId?: string | null }[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await unwrap(api.GET('/tenants/{tenant}/users', { params: { path: { tenant }, query: { offset, limit: 500 } } }));
        all.push(...(page.items ?? []));
        if ((page.items ?? []).length < 500 || all.length >= (page.total ?? 0)) {
          return all;
        }
      }
    },
  });
  // adherence: who is out of it now (against the published schedule), read every ten seconds; their time out ticks here
  const adherence = useQuery({
    queryKey: ['adherence-live', tenant],
    enabled: can(session, 'schedules:read'),
    refetchInterval: 10_000,
    queryFn: () => unwrap(api.GET('/tenants/{tenant}/adherence/live', { params: { path: { tenant } } })),
  });
  const outOfAdherence = useMemo(
    () => (adherence.data?.agents ?? []).filter((a) => !a.inAdherence && a.outSince),
    [adherence.data],
  );
  const outSince = useMemo(() => new Map(outOfAdherence.map((a) => [a.agentUserId ?? '', a.outSince ?? ''])), [outOfAdherence]);
  const teamOf = useMemo(() => new Map((people.data ?? []).map((u) => [u.id ?? '', u.teamId ?? ''])), [people.data]);
  const led = (teams.data?.items ?? []).filter((x) => x.supervisorUserId === me).map((x) => x.id ?? '');
  const [team, setTeam] = useState<string | null>(null);
  const chosenTeam = team ?? (led.length === 1 ? led[0]! : 'ALL');
  const [skill, setSkill] = useState('ALL');
  const [chosen, setChosen] = useState<string | null>(null);

  // sorted by login once per change of the roster, not at every state change (a thousand agents, many changes a second)
  const byLogin = useMemo(
    () => {
      const collator = new Intl.Collator();
      return [...live.agents.values()].sort((a, b) => collator.compare(a.login ?? '', b.login ?? '')).map((a) => a.userId ?? '');
    },
    [live.roster], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const agents = useMemo(() => {
    const out: AgentStatus[] = [];
    for (const id of byLogin) {
      const a = live.agents.get(id);
      if (a && showsTile(a, { state: filter, team: chosenTeam, skill }, teamOf)) {
        out.push(a);
      }
    }
    return out;
  }, [byLogin, live.agents, filter, chosenTeam, teamOf, skill]);
  // the skills of the floor, from the agents' own (read again when the roster changes)
  const skills = useMemo(
    () => [...new Set([...live.agents.values()].flatMap((a) => Object.keys(a.skills ?? {})))].sort(),
    [live.roster], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const totals = useMemo(() => {
    const all = [...live.agents.values()];
    return {
      waiting: live.queues.reduce((n, q) => n + q.waiting, 0),
      ready: all.filter((a) => a.state === 'READY').length,
      busy: all.filter((a) => a.state === 'ON_CALL' || a.state === 'RESERVED' || a.state === 'WRAP_UP').length,
      notReady: all.filter((a) => a.state === 'NOT_READY').length,
    };
  }, [live.agents, live.queues]);

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      {!live.connected && <Alert type="warning" showIcon banner title={t('stream.disconnected')} data-testid="stream-banner" />}
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title={t('wallboard.waiting')} value={totals.waiting} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t('wallboard.ready')} value={totals.ready} styles={{ content: { color: '#237804' } }} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t('wallboard.busy')} value={totals.busy} styles={{ content: { color: '#0958d9' } }} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t('wallboard.notReady')} value={totals.notReady} styles={{ content: { color: '#a8071a' } }} />
          </Card>
        </Col>
      </Row>
      <QueueTable queues={live.queues} />
      {can(session, 'schedules:read') && (adherence.data?.agents ?? []).length > 0 && (
        <OutOfAdherence agents={outOfAdherence} offset={offset} onOpen={setChosen} />
      )}
      {(mayHelp || mayWrite) && (
        <Row gutter={16}>
          {mayHelp && (
            <Col xs={24} lg={12}>
              <HelpPanel session={session} onOpen={setChosen} />
            </Col>
          )}
          {mayWrite && (
            <Col xs={24} lg={12}>
              <MessagesPanel tenant={tenant} me={session.user.id!} />
            </Col>
          )}
        </Row>
      )}
      <Card
        title={t('wallboard.agents')}
        extra={
          <FilterBar
            teams={teams.data?.items}
            team={chosenTeam}
            onTeam={setTeam}
            skills={skills}
            skill={skill}
            onSkill={setSkill}
            state={filter}
            onState={setFilter}
          />
        }
      >
        {agents.length === 0 ? (
          <Empty description={t('wallboard.noAgents')} />
        ) : (
          <div ref={board} style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: 12 }}>
            {agents.map((a) => (
              <AgentTile
                key={a.userId}
                agent={a}
                offset={offset}
                onOpen={setChosen}
                help={asking.has(a.userId ?? '')}
                outSince={outSince.get(a.userId ?? '')}
              />
            ))}
          </div>
        )}
      </Card>
      <AgentActions
        session={session}
        agent={chosen ? (live.agents.get(chosen) ?? null) : null}
        offset={live.serverOffsetMs}
        onClose={() => setChosen(null)}
      />
    </Space>
  );
}

/**
 * One agent's tile; drawn again only when that agent changes or the clock ticks (a floor has a thousand of them), and
 * made of plain elements: Ant Design's tags and texts cost a style lookup each, a thousand times a second.
 */
const AgentTile = memo(function AgentTile(props: {
  agent: AgentStatus;
  offset: { current: number };
  onOpen: (userId: string) => void;
  help: boolean;
  /** since when the agent is out of adherence (none: in adherence, or not scheduled) */
  outSince?: string;
}) {
  const { agent, offset, onOpen, help, outSince } = props;
  const { t } = useTranslation();
  const state = (agent.state ?? 'LOGGED_OUT') as AgentState;
  const clock = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (clock.current) {
      setClock(clock.current, offset.current);
    }
  }, [agent.since, offset]);
  return (
    <button
      type="button"
      onClick={() => onOpen(agent.userId ?? '')}
      data-testid={`tile-${agent.login}`}
      data-state={state}
      data-since={agent.since ?? undefined}
      data-help={help || undefined}
      data-out-of-adherence={outSince ? 'true' : undefined}
      style={{
        background: TILE_BACKGROUND[state],
        borderRadius: 8,
        padding: 12,
        minHeight: 96,
        border: 'none',
        // an agent asking for help: a red ring that is seen from afar; out of adherence: an orange one
        boxShadow: help ? '0 0 0 3px #cf1322' : outSince ? '0 0 0 3px #d46b08' : undefined,
        textAlign: 'left',
        cursor: 'pointer',
        font: 'inherit',
        color: TILE_TEXT,
        // a tile's change is laid out and painted within the tile, and tiles off the screen are not drawn at all
        contain: 'layout paint style',
        contentVisibility: 'auto',
        containIntrinsicSize: 'auto 96px',
      }}
    >
      <strong style={{ display: 'block' }}>{agent.login}</strong>
      <span style={{ display: 'block', marginTop: 4 }}>
        <span style={{ background: STATE_COLOUR[state], color: '#fff', borderRadius: 4, padding: '1px 7px', marginRight: 8, fontSize: 12 }}>{t(`state.${state}`)}</span>
        <span ref={clock} data-clock={agent.since ?? ''} />
      </span>
      {help && <span style={{ display: 'block', color: '#a8071a', fontWeight: 600 }}>{t('help.asking')}</span>}
      {outSince && (
        <span style={{ display: 'block', color: '#873800', fontWeight: 600 }}>
          {t('adherence.outTile')} <span data-clock={outSince} />
        </span>
      )}
      {agent.reason && <span style={{ display: 'block', color: TILE_SECONDARY }}>{agent.reason}</span>}
      {agent.queue && state === 'ON_CALL' && <span style={{ display: 'block' }}>{agent.queue}</span>}
    </button>
  );
});

/**
 * The tiles' filters. Drawn again only when they change: the wallboard itself is drawn up to ten times a second, and
 * two hundred skills in a select are not free.
 */
const FilterBar = memo(function FilterBar(props: {
  teams: { id?: string | null; name?: string | null }[] | undefined;
  team: string;
  onTeam: (team: string) => void;
  skills: string[];
  skill: string;
  onSkill: (skill: string) => void;
  state: AgentState | 'ALL';
  onState: (state: AgentState | 'ALL') => void;
}) {
  const { t } = useTranslation();
  const { teams, team, onTeam, skills, skill, onSkill, state, onState } = props;
  return (
    <Space wrap>
      {(teams ?? []).length > 0 && (
        <Select
          aria-label={t('wallboard.team')}
          style={{ minWidth: 140 }}
          value={team}
          onChange={onTeam}
          options={[{ value: 'ALL', label: t('wallboard.allTeams') }, ...(teams ?? []).map((x) => ({ value: x.id ?? '', label: x.name ?? '' }))]}
        />
      )}
      {skills.length > 0 && (
        <Select
          aria-label={t('wallboard.skill')}
          style={{ minWidth: 120 }}
          value={skill}
          onChange={onSkill}
          showSearch
          options={[{ value: 'ALL', label: t('wallboard.allSkills') }, ...skills.map((x) => ({ value: x, label: x }))]}
        />
      )}
      <Segmented
        aria-label={t('wallboard.filterState')}
        value={state}
        onChange={(v) => onState(v as AgentState | 'ALL')}
        options={[{ value: 'ALL', label: t('wallboard.all') }, ...STATES.filter((s) => s !== 'LOGGED_OUT').map((s) => ({ value: s, label: t(`state.${s}`) }))]}
      />
    </Space>
  );
});

/** The help requests with their own clock (the wallboard behind is not drawn again every second). */
const HelpPanel = memo(function HelpPanel({ session, onOpen }: { session: SessionInfo; onOpen: (userId: string) => void }) {
  const now = useNow();
  return <HelpRequests session={session} now={now} onOpen={onOpen} />;
});

/** The supervisor's messages: drawn again only when they change, not with every change on the floor. */
const MessagesPanel = memo(MessagesCard);

/** A tile's time in state, from its data-clock (the server's time of the change) and the server's clock offset. */
function setClock(el: HTMLElement, offsetMs: number) {
  el.textContent = duration(since(el.dataset.clock || null, Date.now(), offsetMs));
}

/** The queues' figures: drawn again only when they change (they are read at most twice a second), not with every tile. */
const QueueTable = memo(function QueueTable({ queues }: { queues: QueueStats[] }) {
  const { t, i18n } = useTranslation();
  const columns = useMemo(
    () => [
      { title: t('wallboard.queue'), dataIndex: 'queue', key: 'queue' },
      { title: t('wallboard.waiting'), dataIndex: 'waiting', key: 'waiting' },
      { title: t('wallboard.longestWait'), key: 'longest', render: (q: QueueStats) => duration(q.longestWaitSeconds * 1000) },
      {
        title: t('wallboard.serviceLevel'),
        key: 'sl',
        render: (q: QueueStats) => percent(serviceLevel(q.answeredWithinServiceLevel, q.answered, q.abandoned), i18n.language),
      },
      { title: t('wallboard.offered'), dataIndex: 'offered', key: 'offered' },
      { title: t('wallboard.answered'), dataIndex: 'answered', key: 'answered' },
      { title: t('wallboard.abandoned'), dataIndex: 'abandoned', key: 'abandoned' },
      { title: t('wallboard.ready'), dataIndex: 'agentsReady', key: 'ready' },
      { title: t('wallboard.busy'), dataIndex: 'agentsBusy', key: 'busy' },
    ],
    [t, i18n.language],
  );
  return (
    <Card title={t('wallboard.queues')}>
      <Table
        rowKey={(q) => q.queue ?? ''}
        size="small"
        pagination={false}
        columns={columns}
        dataSource={queues}
        locale={{ emptyText: t('wallboard.noQueues') }}
        // a floor with many queues scrolls within the card and draws only the rows in view
        {...(queues.length > MANY_QUEUES ? { virtual: true, scroll: { y: 440 } } : {})}
      />
    </Card>
  );
});

/** Agents out of adherence now, longest first, with the time out ticking (its own clock: the board is not drawn again). */
const OutOfAdherence = memo(function OutOfAdherence(props: {
  agents: { agentUserId?: string | null; agentName?: string | null; scheduled?: string | null; state?: string | null; reason?: string | null; outSince?: string | null }[];
  offset: { current: number };
  onOpen: (userId: string) => void;
}) {
  const { agents, offset, onOpen } = props;
  const { t, i18n } = useTranslation();
  const now = useNow();
  const sorted = [...agents].sort((a, b) => (a.outSince ?? '').localeCompare(b.outSince ?? ''));
  return (
    <Card title={t('adherence.live')} data-testid="out-of-adherence" size="small">
      {sorted.length === 0 ? (
        <span style={{ color: '#237804' }}>{t('adherence.liveNone')}</span>
      ) : (
        <Table
          rowKey={(a) => a.agentUserId ?? ''}
          size="small"
          pagination={false}
          dataSource={sorted}
          onRow={(a) => ({ onClick: () => onOpen(a.agentUserId ?? ''), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('adherence.agent'), key: 'agent', render: (a) => a.agentName ?? a.agentUserId },
            { title: t('adherence.scheduledActivity'), key: 'scheduled', render: (a) => t(`mySchedule.activity.${a.scheduled}`, { defaultValue: a.scheduled ?? '' }) },
            {
              title: t('adherence.actual'),
              key: 'state',
              render: (a) => `${t(`state.${a.state}`)}${a.reason ? ` (${a.reason})` : ''}`,
            },
            { title: t('adherence.since'), key: 'since', render: (a) => timeOfDay(a.outSince ?? '', getTenantZone() ?? 'UTC', i18n.language) },
            {
              title: t('adherence.for'),
              key: 'for',
              render: (a) => <strong style={{ color: '#a8071a' }}>{duration(since(a.outSince, now, offset.current))}</strong>,
            },
          ]}
        />
      )}
    </Card>
  );
});
