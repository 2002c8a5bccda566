/** Pure logic of the administration's pages (unit-tested without rendering them, or loading Ant Design). */
import { dayStart } from '../lib/format';

/** What a ticket in this status may become (the server refuses anything else with invalid_transition). */
export function nextSteps(status: string | null | undefined): string[] {
  switch (status) {
    case 'NEW':
    case 'ASSIGNED':
      return ['IN_PROGRESS', 'RESOLVED'];
    case 'IN_PROGRESS':
      return ['RESOLVED'];
    case 'RESOLVED':
      return ['CLOSED', 'REOPEN'];
    case 'CLOSED':
      return ['REOPEN'];
    default:
      return [];
  }
}

/** A token's state: revoked, expired, or active. */
export function tokenState(x: { revokedAt?: string | null; expiresAt?: string | null }, now: number): 'REVOKED' | 'EXPIRED' | 'ACTIVE' {
  if (x.revokedAt) {
    return 'REVOKED';
  }
  return x.expiresAt && new Date(x.expiresAt).getTime() <= now ? 'EXPIRED' : 'ACTIVE';
}

/** The variables a call script may use; the company's own customer fields add customer.fields.<key>. */
export const SCRIPT_VARIABLES = ['customer.name', 'customer.title', 'call.number', 'call.queue', 'agent.name', 'tenant.name'];

/** A script's text as the preview shows it: each ${variable} replaced by its sample, an unknown one left marked. */
export function fillSample(text: string, samples: Record<string, string>): string {
  return text.replace(/\$\{([^}]*)}/g, (_whole, name: string) => samples[name.trim()] ?? `⟦${name.trim()}⟧`);
}

/** The audit page's filter as typed: an action's start, part of an actor, part of a target or detail, days (inclusive). */
export interface AuditFilter {
  action?: string;
  actor?: string;
  text?: string;
  from?: string;
  to?: string;
}

/** The filter as the API takes it: the days as instants, from the start of the first to the end of the last, in the zone. */
export function auditQuery(f: AuditFilter, zone: string | undefined) {
  const start = (day: string) => new Date(dayStart(Date.parse(`${day}T12:00:00Z`), zone)).toISOString();
  const next = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    action: f.action?.trim() || undefined,
    actor: f.actor?.trim() || undefined,
    q: f.text?.trim() || undefined,
    from: f.from ? start(f.from) : undefined,
    to: f.to ? start(next(f.to)) : undefined,
  };
}
