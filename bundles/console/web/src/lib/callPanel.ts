/**
 * The call panel's state machine: from the agent's state and the call as the server reports it, the phase the panel
 * shows and the controls it offers. The server decides; this only keeps the panel from offering what would be refused.
 */
import type { AgentState } from './agentState';

export type CallState = 'QUEUED' | 'RINGING' | 'TALKING' | 'HELD' | 'CONSULTING' | 'ORIGINATING' | 'SAFE_HARBOUR' | 'SURVEY' | 'ENDED';

export type Phase = 'idle' | 'ringing' | 'dialling' | 'talking' | 'held' | 'consulting' | 'wrapUp';

export type Control = 'hold' | 'resume' | 'hangup' | 'transfer' | 'consult' | 'completeTransfer' | 'cancelConsult' | 'addParty' | 'record';

export function phaseOf(agent: AgentState | null | undefined, call: CallState | null | undefined): Phase {
  if (agent === 'WRAP_UP') {
    return 'wrapUp';
  }
  if (!call || call === 'ENDED' || call === 'SURVEY' || call === 'QUEUED') {
    return agent === 'RESERVED' ? 'ringing' : 'idle';
  }
  switch (call) {
    case 'RINGING':
      return agent === 'ON_CALL' ? 'dialling' : 'ringing';
    case 'ORIGINATING':
    case 'SAFE_HARBOUR':
      return 'dialling';
    case 'TALKING':
      return 'talking';
    case 'HELD':
      return 'held';
    case 'CONSULTING':
      return 'consulting';
  }
}

const CONTROLS: Record<Phase, Control[]> = {
  idle: [],
  ringing: [],
  dialling: ['hangup'],
  talking: ['hold', 'hangup', 'transfer', 'consult', 'addParty', 'record'],
  held: ['resume', 'hangup', 'transfer', 'consult', 'record'],
  consulting: ['completeTransfer', 'cancelConsult', 'hangup'],
  wrapUp: [],
};

export function controls(phase: Phase, mayRecord: boolean): Set<Control> {
  return new Set(CONTROLS[phase].filter((c) => c !== 'record' || mayRecord));
}
