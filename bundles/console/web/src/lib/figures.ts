import type { AgentState } from './agentState';

export interface StateChange {
  state?: AgentState | null;
  previous?: AgentState | null;
  callId?: string | null;
  at?: string | null;
}

export interface DayFigures {
  /** calls the agent took (each call once, however often it came back after a hold or a transfer) */
  calls: number;
  /** average handling time: talk plus wrap-up, per call (ms), or null without calls */
  ahtMs: number | null;
  /** time in each state since the day's start (ms) */
  inState: Partial<Record<AgentState, number>>;
}

/**
 * The agent's figures for a day from its state changes (oldest first, as the history API gives them): the state before
 * the first change is that change's previous state; the last one lasts until {@code now}.
 */
export function dayFigures(changes: StateChange[], dayStart: number, now: number): DayFigures {
  const inState: Partial<Record<AgentState, number>> = {};
  const calls = new Set<string>();
  let state: AgentState | null = changes[0]?.previous ?? null;
  let since = dayStart;
  for (const c of changes) {
    const at = c.at ? Date.parse(c.at) : NaN;
    if (!Number.isFinite(at) || at < dayStart || !c.state) {
      continue;
    }
    if (state && state !== 'LOGGED_OUT') {
      inState[state] = (inState[state] ?? 0) + Math.max(0, at - since);
    }
    if (c.state === 'ON_CALL' && c.callId) {
      calls.add(c.callId);
    }
    state = c.state;
    since = at;
  }
  if (state && state !== 'LOGGED_OUT' && now > since) {
    inState[state] = (inState[state] ?? 0) + (now - since);
  }
  const handled = (inState.ON_CALL ?? 0) + (inState.WRAP_UP ?? 0);
  return { calls: calls.size, ahtMs: calls.size > 0 ? Math.round(handled / calls.size) : null, inState };
}
