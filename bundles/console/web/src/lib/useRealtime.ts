import { useEffect, useRef, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { reconnecting } from './stream';
import { isAgentState } from './agentState';

export type AgentStatus = Schemas['AgentStatus'];
export type QueueStats = Schemas['QueueStats'];

export interface Realtime {
  agents: Map<string, AgentStatus>;
  queues: QueueStats[];
  connected: boolean;
  /** server time minus browser time, from the stream's events (time-in-state clocks use it) */
  serverOffsetMs: number;
  /** changes whenever the set of agents changes (not their states): what sorts them keeps its order until then */
  roster: number;
  /** the latest call event: a call panel re-reads its call when it is about that call */
  lastCallEvent: { callId: string; type: string; seq: number } | null;
}

type Payload = Record<string, unknown>;

/** how long agent changes gather before the screen shows them together */
const FLUSH_MS = 100;

/** the call events of the stream (TelephonyEvents: the call topic's last segment) */
const CALL_EVENTS = ['OFFERED', 'QUEUED', 'RINGING', 'ANSWERED', 'CUSTOMER_ANSWERED', 'HELD', 'RESUMED', 'CONSULTING', 'CONSULT_ANSWERED',
  'CONSULT_CANCELLED', 'CONSULT_ENDED', 'CONSULT_FAILED', 'TRANSFERRED', 'PARTY_DIALLING', 'DIALLING', 'ORIGINATED', 'ENDED', 'MISSED',
  'OVERFLOWED', 'NO_AGENT', 'SUPERVISED', 'BLOCKED'];

/**
 * The tenant's live floor: the stream's first event is a snapshot (queues and agents), then every agent and call event
 * of the tenant. Agent tiles are patched from the events; queue figures are re-read (at most twice a second) when a
 * call event arrives. The stream reconnects with backoff and starts again from a snapshot.
 */
export function useRealtime(tenant: string | null): Realtime {
  const [state, setState] = useState<Realtime>({ agents: new Map(), queues: [], connected: false, serverOffsetMs: 0, roster: 0, lastCallEvent: null });
  const refresh = useRef<number | null>(null);

  useEffect(() => {
    if (!tenant) {
      return;
    }
    let stopped = false;

    const refreshQueues = () => {
      if (refresh.current !== null) {
        return;
      }
      refresh.current = window.setTimeout(async () => {
        refresh.current = null;
        const { data } = await api.GET('/tenants/{tenant}/queues/stats', { params: { path: { tenant } } });
        if (data && !stopped) {
          setState((s) => ({ ...s, queues: data }));
        }
      }, 500);
    };

    // Agent changes are applied in batches, at most every FLUSH_MS: a floor of a thousand agents sends a hundred
    // changes a second, and one render of the wallboard per change would keep the browser's main thread busy.
    let pending: { by: 'id' | 'login'; key: string; patch: Partial<AgentStatus> }[] = [];
    let pendingOffset: number | null = null;
    let flushTimer: number | null = null;
    const flush = () => {
      flushTimer = null;
      const batch = pending;
      const offset = pendingOffset;
      pending = [];
      pendingOffset = null;
      if (stopped || (batch.length === 0 && offset === null)) {
        return;
      }
      setState((s) => {
        const agents = batch.length > 0 ? new Map(s.agents) : s.agents;
        let byLogin: Map<string, string> | null = null;
        let added = false;
        for (const { by, key, patch } of batch) {
          let id: string | undefined = key;
          if (by === 'login') {
            byLogin ??= new Map([...agents.values()].map((a) => [a.login ?? '', a.userId ?? '']));
            id = byLogin.get(key);
            if (!id) {
              continue;
            }
          }
          const before = agents.get(id);
          if (!before && patch.state === undefined) {
            continue;
          }
          added ||= !before;
          agents.set(id, { ...(before ?? ({ userId: id, registered: false, skills: [], callsHandled: 0 } as unknown as AgentStatus)), ...patch });
        }
        // the offset moves by a few milliseconds with every event (delivery time): only a real change is taken, so
        // that what shows clocks is not drawn again for nothing
        const serverOffsetMs = offset !== null && Math.abs(offset - s.serverOffsetMs) > 100 ? offset : s.serverOffsetMs;
        return { ...s, agents, serverOffsetMs, roster: added ? s.roster + 1 : s.roster };
      });
    };
    const later = () => {
      if (flushTimer === null) {
        flushTimer = window.setTimeout(flush, FLUSH_MS);
      }
    };
    const patchAgent = (userId: unknown, patch: Partial<AgentStatus>) => {
      if (typeof userId === 'string') {
        pending.push({ by: 'id', key: userId, patch });
        later();
      }
    };
    const patchAgentByLogin = (login: unknown, patch: Partial<AgentStatus>) => {
      if (typeof login === 'string') {
        pending.push({ by: 'login', key: login, patch });
        later();
      }
    };

    const offsetFrom = (p: Payload): number | null => {
      const at = typeof p['at'] === 'string' ? Date.parse(p['at']) : NaN;
      return Number.isFinite(at) ? at - Date.now() : null;
    };

    const listen = (source: EventSource, up: () => void) => {
      source.addEventListener('snapshot', (e) => {
        up();
        const snap = JSON.parse((e as MessageEvent<string>).data) as { queues: QueueStats[]; agents: AgentStatus[] };
        pending = []; // changes from before the snapshot are in it
        setState((s) => ({ ...s, connected: true, queues: snap.queues, roster: s.roster + 1, agents: new Map(snap.agents.map((a) => [a.userId ?? '', a])) }));
      });
      source.addEventListener('agent.STATE_CHANGED', (e) => {
        const p = JSON.parse((e as MessageEvent<string>).data) as Payload;
        const offset = offsetFrom(p);
        const at = typeof p['at'] === 'string' ? p['at'] : new Date().toISOString();
        if (isAgentState(p['state'])) {
          patchAgent(p['user.id'], {
            state: p['state'],
            reason: (p['reason'] as string | undefined) ?? null,
            callId: (p['call.id'] as string | undefined) ?? null,
            since: at,
            ...(p['state'] === 'LOGGED_OUT' ? { seatId: null } : {}),
          });
        }
        if (offset !== null) {
          pendingOffset = offset;
          later();
        }
        refreshQueues();
      });
      for (const name of ['agent.REGISTERED', 'agent.UNREGISTERED']) {
        source.addEventListener(name, (e) => {
          const p = JSON.parse((e as MessageEvent<string>).data) as Payload;
          patchAgent(p['user.id'], { registered: name === 'agent.REGISTERED' });
        });
      }
      for (const name of CALL_EVENTS) {
        source.addEventListener(`call.${name}`, (e) => {
          const p = JSON.parse((e as MessageEvent<string>).data) as Payload;
          if (name === 'ANSWERED' || name === 'RINGING') {
            patchAgentByLogin(p['agent'], { queue: (p['queue'] as string | undefined) ?? null });
          }
          if (typeof p['call.id'] === 'string') {
            const callId = p['call.id'];
            setState((s) => ({ ...s, lastCallEvent: { callId, type: name, seq: (s.lastCallEvent?.seq ?? 0) + 1 } }));
          }
          refreshQueues();
        });
      }
    };

    // after a break the stream starts again from a fresh snapshot
    const stop = reconnecting(`/api/v1/tenants/${encodeURIComponent(tenant)}/realtime/stream`, listen, () =>
      setState((s) => ({ ...s, connected: false })),
    );
    return () => {
      stopped = true;
      stop();
      if (refresh.current !== null) {
        clearTimeout(refresh.current);
        refresh.current = null;
      }
      if (flushTimer !== null) {
        clearTimeout(flushTimer);
      }
    };
  }, [tenant]);

  return state;
}

/** Re-renders every second (time-in-state clocks). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
