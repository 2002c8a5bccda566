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

/** Days (yyyy-mm-dd) as the API's instants: from the start of the first to the end of the last, in the zone. */
export function dayBounds(from: string | undefined, to: string | undefined, zone: string | undefined): { from?: string; to?: string } {
  const start = (day: string) => new Date(dayStart(Date.parse(`${day}T12:00:00Z`), zone)).toISOString();
  const next = (day: string) => new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { from: from ? start(from) : undefined, to: to ? start(next(to)) : undefined };
}

/** The audit filter as the API takes it: the days as instants (dayBounds), the texts trimmed. */
export function auditQuery(f: AuditFilter, zone: string | undefined) {
  return {
    action: f.action?.trim() || undefined,
    actor: f.actor?.trim() || undefined,
    q: f.text?.trim() || undefined,
    ...dayBounds(f.from, f.to, zone),
  };
}

export interface DriftRow {
  user: string;
  sessions: number;
  /** the mean of the absolute score deviations */
  meanDistance: number;
  /** the latest session's signed deviation */
  latest: number;
  /** the later half of the sessions further from the reference than the earlier half (by 2 points or more), or nearer */
  trend: 'WIDER' | 'NARROWER' | 'STEADY' | 'TOO_FEW';
  points: { at: string; deviation: number }[];
}

/** An evaluator's calibration deviations (oldest first) summed up, the one furthest off first. */
export function driftRows(drift: Record<string, { at?: string | null; scoreDeviation?: number | null }[]>): DriftRow[] {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return Object.entries(drift)
    .map(([user, list]) => {
      const points = list.filter((p) => p.at && p.scoreDeviation != null).map((p) => ({ at: p.at!, deviation: Number(p.scoreDeviation) }));
      const distances = points.map((p) => Math.abs(p.deviation));
      const half = Math.floor(distances.length / 2);
      const change = mean(distances.slice(distances.length - half)) - mean(distances.slice(0, half));
      const trend: DriftRow['trend'] = distances.length < 2 ? 'TOO_FEW' : change >= 2 ? 'WIDER' : change <= -2 ? 'NARROWER' : 'STEADY';
      return { user, sessions: points.length, meanDistance: mean(distances), latest: points.at(-1)?.deviation ?? 0, trend, points };
    })
    .filter((r) => r.sessions > 0)
    .sort((a, b) => b.meanDistance - a.meanDistance || a.user.localeCompare(b.user));
}

/**
 * Paging for a list the API sends without a total (recordings, a list's contacts): the pages seen so far, and one
 * more while the current page came back full.
 */
export function openEndedPaging(page: number, size: number, rows: number, onChange: (page: number) => void) {
  // a page found empty after a full one (the list ended exactly there) stays reachable, with the way back
  const total = rows === 0 && page > 1 ? (page - 1) * size + 1 : (page - 1) * size + rows + (rows === size ? 1 : 0);
  return { current: page, pageSize: size, total, showSizeChanger: false, onChange };
}


/** A Table's sorter as it reports it (one column, or several), as far as the server's order needs it. */
type Sorter = { columnKey?: unknown; order?: 'ascend' | 'descend' | null };

/**
 * The list's `sort` parameter for a Table's sorter: the column's key (the API's field name), with a leading '-' for
 * descending; undefined when no column is sorted (the server's own order).
 */
export function sortParam(sorter: Sorter | Sorter[]): string | undefined {
  const s = Array.isArray(sorter) ? sorter.find((x) => x.order) : sorter;
  if (!s?.order || typeof s.columnKey !== 'string') {
    return undefined;
  }
  return (s.order === 'descend' ? '-' : '') + s.columnKey;
}

/** A column's shown order for the `sort` parameter in use. */
export function sortOrderOf(sort: string | undefined, key: string): 'ascend' | 'descend' | null {
  return sort === key ? 'ascend' : sort === `-${key}` ? 'descend' : null;
}

/**
 * Why a call was not rated, as the reader's words: the billing server writes its reasons in English, in three shapes
 * (bundles/billing Rating and Rater); a reason of another shape is shown as written.
 */
export function unratedReason(reason: string, t: (key: string, o?: Record<string, unknown>) => string): string {
  let m = /^no (INBOUND|OUTBOUND) rate for (\S+) in band (\S+)$/.exec(reason);
  if (m) {
    return t('accounts.unratedWhy.noRate', { direction: t(`calls.directions.${m[1]}`), number: m[2], band: m[3] });
  }
  m = /^tenant (\S+) has no rate plan on (\S+)$/.exec(reason);
  if (m) {
    return t('accounts.unratedWhy.noPlan', { tenant: m[1], day: m[2] });
  }
  m = /^direction '([^']*)' is not rated/.exec(reason);
  if (m) {
    return t('accounts.unratedWhy.direction', { direction: m[1] });
  }
  return reason;
}
