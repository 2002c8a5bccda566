import { can, type SessionInfo } from '../api/session';

export type Group = 'operator' | 'billing' | 'company' | 'telephony' | 'service' | 'quality' | 'workforce' | 'reports';
export const GROUPS: Group[] = ['operator', 'billing', 'company', 'telephony', 'service', 'quality', 'workforce', 'reports'];

/** An administration page: its key (the route admin/<key>), its group in the menu, and who may open it. */
export interface AdminPage {
  key: string;
  /** the menu's group; a function where it depends on who looks (the seat map is the operator's, or the company's) */
  group: Group | ((s: SessionInfo) => Group);
  /** true: the page works on one tenant (the operator chooses which; anyone else works on their own) */
  perTenant: boolean;
  allowed: (s: SessionInfo) => boolean;
}

const operator = (s: SessionInfo) => !!s.user.operator;

/** The pages, in menu order. A page the user may not open is not listed (and the server refuses its calls anyway). */
export const ADMIN_PAGES: AdminPage[] = [
  { key: 'tenants', group: 'operator', perTenant: false, allowed: operator },
  // the operator's billing staff (and the operator)
  { key: 'billing', group: 'billing', perTenant: false, allowed: (s) => can(s, 'billing:manage') },
  { key: 'invoices', group: 'billing', perTenant: false, allowed: (s) => can(s, 'billing:manage') },
  { key: 'plans', group: 'billing', perTenant: false, allowed: (s) => can(s, 'billing:manage') },
  { key: 'accounts', group: 'billing', perTenant: false, allowed: (s) => can(s, 'billing:manage') },
  { key: 'users', group: 'company', perTenant: true, allowed: (s) => can(s, 'users:write') },
  { key: 'teams', group: 'company', perTenant: true, allowed: (s) => can(s, 'teams:write') },
  { key: 'seats', group: (s) => (operator(s) ? 'operator' : 'company'), perTenant: false, allowed: (s) => operator(s) || can(s, 'seats:write') },
  { key: 'queues', group: 'telephony', perTenant: true, allowed: (s) => can(s, 'queues:write') },
  { key: 'campaigns', group: 'telephony', perTenant: true, allowed: (s) => can(s, 'campaigns:write') },
  { key: 'dispositions', group: 'telephony', perTenant: true, allowed: (s) => can(s, 'campaigns:write') },
  { key: 'lists', group: 'telephony', perTenant: true, allowed: (s) => can(s, 'dnc:write') || can(s, 'blacklist:write') },
  { key: 'recording', group: 'telephony', perTenant: true, allowed: (s) => can(s, 'recordings:admin') },
  { key: 'ivr', group: 'telephony', perTenant: true, allowed: (s) => can(s, 'ivr:write') },
  { key: 'prompts', group: 'telephony', perTenant: true, allowed: (s) => can(s, 'prompts:write') },
  { key: 'calendar', group: 'telephony', perTenant: true, allowed: (s) => can(s, 'ivr:write') },
  // the operator's numbers (all of them, assigned to companies), or the company's own (routed to IVRs and queues)
  { key: 'numbers', group: (s) => (operator(s) ? 'operator' : 'telephony'), perTenant: false, allowed: (s) => operator(s) || can(s, 'dids:write') },
  { key: 'trunks', group: 'operator', perTenant: false, allowed: operator },
  { key: 'operators', group: 'operator', perTenant: false, allowed: operator },
  { key: 'operator-lists', group: 'operator', perTenant: false, allowed: operator },
  { key: 'tokens', group: 'company', perTenant: true, allowed: (s) => can(s, 'tokens:write') },
  // a company's own invoices: its administrator and its billing users (the operator's billing staff have theirs)
  { key: 'my-invoices', group: 'company', perTenant: false, allowed: (s) => !operator(s) && !!s.user.tenantId && can(s, 'invoices:read') },
  { key: 'audit', group: (s) => (operator(s) ? 'operator' : 'company'), perTenant: false, allowed: (s) => operator(s) || can(s, 'audit:read') },
  // customer service data: supervisors and the company's administrator (agents find customers from their desk)
  { key: 'customers', group: 'service', perTenant: true, allowed: (s) => can(s, 'customers:merge') },
  { key: 'scripts', group: 'service', perTenant: true, allowed: (s) => can(s, 'scripts:write') },
  { key: 'kb', group: 'service', perTenant: true, allowed: (s) => can(s, 'kb:write') },
  // tickets: everyone who works them (agents their own and the company's; supervisors assign and dispatch)
  // the company's calls and their recordings: supervisors, QA staff, the company's administrator and billing users;
  // among quality's pages for QA staff, who have no other customer service page
  { key: 'calls', group: (s) => (can(s, 'qa:read') && !can(s, 'tickets:read') ? 'quality' : 'service'), perTenant: true, allowed: (s) => can(s, 'cdrs:read') },
  { key: 'tickets', group: 'service', perTenant: true, allowed: (s) => can(s, 'tickets:read') },
  // quality: the evaluator's work, the lead's scorecards, sampling and every evaluation, the reviewer's disputes, and
  // an agent's own evaluations (a tenant user who evaluates nothing)
  { key: 'qa-work', group: 'quality', perTenant: true, allowed: (s) => can(s, 'qa:evaluate') },
  { key: 'qa-evaluations', group: 'quality', perTenant: true, allowed: (s) => can(s, 'qa:read') },
  { key: 'qa-disputes', group: 'quality', perTenant: true, allowed: (s) => can(s, 'qa:review') },
  { key: 'qa-scorecards', group: 'quality', perTenant: true, allowed: (s) => can(s, 'qa:manage') },
  { key: 'qa-sampling', group: 'quality', perTenant: true, allowed: (s) => can(s, 'qa:manage') },
  { key: 'qa-calibration', group: 'quality', perTenant: true, allowed: (s) => can(s, 'qa:calibrate') },
  { key: 'qa-reports', group: 'quality', perTenant: true, allowed: (s) => can(s, 'qa:read') },
  { key: 'qa-coaching', group: 'quality', perTenant: true, allowed: (s) => can(s, 'qa:coach') },
  { key: 'qa-mine', group: 'quality', perTenant: true, allowed: (s) => (s.user.roles ?? []).includes('agent') },
  // workforce management: forecasts and staffing (supervisors, the company's administrator; billing users read them)
  { key: 'forecast', group: 'workforce', perTenant: true, allowed: (s) => can(s, 'forecasts:read') },
  { key: 'schedules', group: 'workforce', perTenant: true, allowed: (s) => can(s, 'schedules:read') },
  { key: 'adherence', group: 'workforce', perTenant: true, allowed: (s) => can(s, 'schedules:read') },
  // reports: the company's KPIs (supervisors, the company's administrator and billing users; an agent their own), and
  // the operator's summary of every company
  { key: 'kpis', group: 'reports', perTenant: true, allowed: (s) => can(s, 'reports:read') || can(s, 'reports:self') },
  { key: 'scorecard', group: 'reports', perTenant: true, allowed: (s) => can(s, 'reports:read') || can(s, 'reports:self') },
  { key: 'kpi-summary', group: 'operator', perTenant: false, allowed: operator },
  { key: 'system', group: (s) => (operator(s) ? 'operator' : 'company'), perTenant: false, allowed: (s) => operator(s) || can(s, 'plugins:read') },
];

export function groupOf(p: AdminPage, s: SessionInfo): Group {
  return typeof p.group === 'function' ? p.group(s) : p.group;
}

/** The pages this user may open, in the menu's order (by group): the first is where the administration opens. */
export function adminPages(s: SessionInfo): AdminPage[] {
  const mine = ADMIN_PAGES.filter((p) => p.allowed(s));
  return GROUPS.flatMap((g) => mine.filter((p) => groupOf(p, s) === g));
}

/**
 * The header's name for the administration: "Quality" for someone whose pages are all quality's (QA staff), "Service &
 * quality" for one who has only tickets and quality's (an agent), else "Administration".
 */
export function adminLabel(s: SessionInfo): 'admin' | 'quality' | 'work' {
  const groups = new Set(adminPages(s).map((p) => groupOf(p, s)));
  if (groups.size === 1 && groups.has('quality')) {
    return 'quality';
  }
  // an agent: tickets, their own evaluations and figures, nothing to administer
  return groups.size > 0 && [...groups].every((g) => g === 'quality' || g === 'service' || g === 'reports') ? 'work' : 'admin';
}
