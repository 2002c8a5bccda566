/** The agent's states as the desktop shows them, and which of the agent's own actions each allows. */
export type AgentState = 'LOGGED_OUT' | 'NOT_READY' | 'READY' | 'RESERVED' | 'ON_CALL' | 'WRAP_UP';

export const STATES: AgentState[] = ['READY', 'RESERVED', 'ON_CALL', 'WRAP_UP', 'NOT_READY', 'LOGGED_OUT'];

/**
 * Tag colours, the same on the desktop and the wallboard: white text on each meets WCAG AA (4.5:1), which Ant Design's
 * preset green, gold and red tags do not.
 */
export const STATE_COLOUR: Record<AgentState, string> = {
  READY: '#237804',
  RESERVED: '#874d00',
  ON_CALL: '#0958d9',
  WRAP_UP: '#531dab',
  NOT_READY: '#a8071a',
  LOGGED_OUT: '#595959',
};

export type AgentAction = 'ready' | 'notReady' | 'leaveSeat';

/**
 * What the agent may do from a state: become ready from not-ready or wrap-up, not-ready from ready or wrap-up (or
 * change the reason while not ready), and leave the seat when no call is in progress.
 */
export function allowed(state: AgentState | null | undefined): Set<AgentAction> {
  switch (state) {
    case 'READY':
      return new Set(['notReady', 'leaveSeat']);
    case 'NOT_READY':
      return new Set(['ready', 'notReady', 'leaveSeat']);
    case 'WRAP_UP':
      return new Set(['ready', 'notReady']);
    default:
      return new Set();
  }
}

export function isAgentState(s: unknown): s is AgentState {
  return typeof s === 'string' && (STATES as string[]).includes(s);
}

/** What the wallboard's tiles are filtered by: a state, a team, a skill ('ALL' for any). */
export interface TileFilter {
  state: string;
  team: string;
  skill: string;
}

/** Whether a signed-in agent's tile shows under the filter (its team from {@code teamOf}, user id → team id). */
export function showsTile(a: { userId?: string | null; state?: string | null; skills?: Record<string, number> | null }, f: TileFilter, teamOf: Map<string, string>): boolean {
  return a.state !== 'LOGGED_OUT'
    && (f.state === 'ALL' || a.state === f.state)
    && (f.team === 'ALL' || teamOf.get(a.userId ?? '') === f.team)
    && (f.skill === 'ALL' || (a.skills ?? {})[f.skill] !== undefined);
}
