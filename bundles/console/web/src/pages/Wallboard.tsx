import { memo, useMemo, useState } from 'react';
import { Alert, Card, Col, Empty, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/session';
import { STATE_COLOUR, STATES, type AgentState } from '../lib/agentState';
import { duration, percent, serviceLevel, since } from '../lib/format';
import { useNow, useRealtime, type AgentStatus, type QueueStats } from '../lib/useRealtime';
import { AgentActions } from './AgentActions';

const TILE_BACKGROUND: Record<AgentState, string> = {
  READY: '#d9f7be',
  RESERVED: '#fff1b8',
  ON_CALL: '#bae0ff',
  WRAP_UP: '#efdbff',
  NOT_READY: '#ffccc7',
  LOGGED_OUT: '#f0f0f0',
};

/** The supervisor's live floor: queue figures and agent tiles, pushed by the tenant's event stream. */
export default function Wallboard({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const live = useRealtime(session.user.tenantId);
  const now = useNow();
  const [filter, setFilter] = useState<AgentState | 'ALL'>('ALL');
  const [chosen, setChosen] = useState<string | null>(null);

  const agents = useMemo(
    () =>
      [...live.agents.values()]
        .filter((a) => a.state !== 'LOGGED_OUT' && (filter === 'ALL' || a.state === filter))
        .sort((a, b) => (a.login ?? '').localeCompare(b.login ?? '')),
    [live.agents, filter],
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

  const columns = [
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
  ];

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
      <Card title={t('wallboard.queues')}>
        <Table
          rowKey={(q) => q.queue ?? ''}
          size="small"
          pagination={false}
          columns={columns}
          dataSource={live.queues}
          locale={{ emptyText: t('wallboard.noQueues') }}
        />
      </Card>
      <Card
        title={t('wallboard.agents')}
        extra={
          <Segmented
            aria-label={t('wallboard.filterState')}
            value={filter}
            onChange={(v) => setFilter(v as AgentState | 'ALL')}
            options={[{ value: 'ALL', label: t('wallboard.all') }, ...STATES.filter((s) => s !== 'LOGGED_OUT').map((s) => ({ value: s, label: t(`state.${s}`) }))]}
          />
        }
      >
        {agents.length === 0 ? (
          <Empty description={t('wallboard.noAgents')} />
        ) : (
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: 12 }}>
            {agents.map((a) => (
              <AgentTile key={a.userId} agent={a} now={now} offset={live.serverOffsetMs} onOpen={setChosen} />
            ))}
          </div>
        )}
      </Card>
      <AgentActions
        session={session}
        agent={chosen ? (live.agents.get(chosen) ?? null) : null}
        now={now}
        offset={live.serverOffsetMs}
        onClose={() => setChosen(null)}
      />
    </Space>
  );
}

/** One agent's tile; drawn again only when that agent changes or the clock ticks (a floor has a thousand of them). */
const AgentTile = memo(function AgentTile({ agent, now, offset, onOpen }: { agent: AgentStatus; now: number; offset: number; onOpen: (userId: string) => void }) {
  const { t } = useTranslation();
  const state = (agent.state ?? 'LOGGED_OUT') as AgentState;
  return (
    <button
      type="button"
      onClick={() => onOpen(agent.userId ?? '')}
      data-testid={`tile-${agent.login}`}
      data-state={state}
      data-since={agent.since ?? undefined}
      style={{ background: TILE_BACKGROUND[state], borderRadius: 8, padding: 12, minHeight: 96, border: 'none', textAlign: 'left', cursor: 'pointer', font: 'inherit' }}
    >
      <Typography.Text strong>{agent.login}</Typography.Text>
      <span style={{ display: 'block' }}>
        <Tag color={STATE_COLOUR[state]}>{t(`state.${state}`)}</Tag>
        <Typography.Text>{duration(since(agent.since, now, offset))}</Typography.Text>
      </span>
      {agent.reason && <Typography.Text type="secondary">{agent.reason}</Typography.Text>}
      {agent.queue && state === 'ON_CALL' && <span style={{ display: 'block' }}>{agent.queue}</span>}
    </button>
  );
});
