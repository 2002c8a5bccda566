import { describe, expect, it } from 'vitest';
import { adminPage, dispatchToken, parseRoute, screenOf } from '../lib/route';
import { changed, fieldPath, skillMap, skillRows } from './forms';
import { clock, msAt, peaks, xAt } from './waveform';
import { adminLabel, adminPages } from './pages';
import { auditQuery, driftRows, fillSample, nextSteps, openEndedPaging, sortOrderOf, sortParam, tokenState, unratedReason } from './logic';
import type { SessionInfo } from '../api/session';
import { edges, errorTarget, freeName, layout, rename, toApi, type IvrDraft } from './ivrGraph';
import { hoursList, hoursText } from './Calendar';
import { decode, guessField, mapParams, parseLines, rejectedCsv } from './csv';
import { accuracyVerdict, chartSeries, factorText, forecastQuery } from './forecast';
import { axisHours, bar, dayLabel, hours, moved, weekOf } from '../lib/shifts';
import { byPeriod, exportHref, seconds, share, trend } from './kpis';

function session(operator: boolean, can: string[], tenantId: string | null = operator ? null : 'acme'): SessionInfo {
  return { user: { id: 'u', login: 'x', tenantId, roles: [], operator }, can, csrfToken: 't' } as unknown as SessionInfo;
}

describe('routes', () => {
  it('know the administration pages', () => {
    expect(parseRoute('/console/admin/tenants')).toBe('admin/tenants');
    expect(parseRoute('/console/admin/')).toBe('admin');
    expect(parseRoute('/console/admin/../x')).toBe('home');
    expect(parseRoute('/console/admin/Tenants')).toBe('home');
    expect(screenOf('admin/users')).toBe('admin');
    expect(adminPage('admin/users')).toBe('users');
    expect(adminPage('wallboard')).toBeNull();
  });
  it("opens a dispatched ticket's page by the link's token, nothing else", () => {
    expect(dispatchToken('/console/dispatch/dGVuYW50.AbC-_9')).toBe('dGVuYW50.AbC-_9');
    expect(dispatchToken('/console/dispatch/dGVuYW50.AbC-_9/')).toBe('dGVuYW50.AbC-_9');
    expect(dispatchToken('/console/dispatch/')).toBeNull();
    expect(dispatchToken('/console/dispatch/a/b')).toBeNull();
    expect(dispatchToken('/console/admin/tickets')).toBeNull();
  });
});

describe('admin pages', () => {
  it('are those the user may open', () => {
    expect(adminPages(session(true, [])).map((p) => p.key)).toEqual(['tenants', 'seats', 'numbers', 'trunks', 'operators', 'operator-lists', 'audit', 'kpi-summary', 'system', 'billing', 'invoices', 'plans', 'accounts', 'users', 'teams', 'tokens', 'queues', 'campaigns', 'dispositions', 'lists', 'recording', 'ivr', 'prompts', 'calendar', 'customers', 'scripts', 'kb', 'calls', 'tickets', 'qa-work', 'qa-evaluations', 'qa-disputes', 'qa-scorecards', 'qa-sampling', 'qa-calibration', 'qa-reports', 'qa-coaching', 'forecast', 'schedules', 'adherence', 'kpis', 'scorecard']);
    // the operator's billing staff: billing only
    expect(adminPages(session(false, ['billing:manage'], null)).map((p) => p.key)).toEqual(['billing', 'invoices', 'plans', 'accounts']);
    expect(adminPages(session(false, ['users:write', 'queues:write'])).map((p) => p.key)).toEqual(['users', 'queues']);
    // a company's administrator: its seat map, audit trail and plug-ins among the company's pages, after its users and teams
    expect(adminPages(session(false, ['users:write', 'teams:write', 'seats:write', 'audit:read', 'plugins:read'])).map((p) => p.key)).toEqual([
      'users',
      'teams',
      'seats',
      'audit',
      'system',
    ]);
    // a supervisor's "agents:self" is no agent's role: no page of its own evaluations
    expect(adminPages(session(false, ['agents:self']))).toEqual([]);
  });
});

describe('forms', () => {
  it('turn skills into rows and back, dropping empty names', () => {
    expect(skillRows({ sales: 5, billing: 3 })).toEqual([
      { name: 'billing', level: 3 },
      { name: 'sales', level: 5 },
    ]);
    expect(skillMap([{ name: ' 销售 ', level: 7 }, { name: '', level: 2 }, { name: 'en' }])).toEqual({ 销售: 7, en: 1 });
    expect(skillRows(null)).toEqual([]);
  });

  it('send only what changed', () => {
    expect(changed({ a: 1, b: 'x', c: undefined }, { a: 1, b: 'y', c: null })).toEqual({ b: 'y' });
  });
});

describe('IVR graph', () => {
  const menu: IvrDraft = {
    start: 'main',
    nodes: {
      main: { type: 'menu', prompt: 'beep', options: { '2': 'support', '1': 'hours' }, fallback: 'bye' },
      hours: { type: 'hours', open: 'support', closed: 'bye' },
      support: { type: 'queue', queue: 'support' },
      bye: { type: 'hangup' },
      lost: { type: 'play', prompt: 'beep', next: 'main' },
    },
  };

  it('lists edges with their keys, in key order', () => {
    expect(edges(menu).filter((e) => e.from === 'main')).toEqual([
      { from: 'main', to: 'hours', label: '1' },
      { from: 'main', to: 'support', label: '2' },
      { from: 'main', to: 'bye', label: '⏱' },
    ]);
  });

  it('lays the start out first, each node after the furthest that leads to it, unreachable ones last', () => {
    const at = Object.fromEntries(layout(menu).map((p) => [p.name, [p.column, p.row]]));
    expect(at.main).toEqual([0, 0]);
    expect(at.hours?.[0]).toBe(1);
    // reached from main and from hours: after hours
    expect(at.support?.[0]).toBe(2);
    expect(at.bye?.[0]).toBe(2);
    expect(at.lost).toEqual([3, 0]);
  });

  it('lays a loop out without going round it', () => {
    const loop: IvrDraft = { start: 'a', nodes: { a: { type: 'play', prompt: 'p', next: 'b' }, b: { type: 'hours', open: 'a', closed: 'b' } } };
    expect(layout(loop).map((p) => [p.name, p.column])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });

  it('renames a node everywhere it is named', () => {
    const r = rename(menu, 'support', 'sales');
    expect(r.nodes.sales).toBeDefined();
    expect(r.nodes.support).toBeUndefined();
    expect(r.nodes.main?.options).toEqual({ '1': 'hours', '2': 'sales' });
    expect(r.nodes.hours?.open).toBe('sales');
    expect(rename(menu, 'main', 'bye')).toBe(menu); // taken: unchanged
    expect(rename(menu, 'main', 'start').start).toBe('start');
  });

  it('finds the node a server error names', () => {
    expect(errorTarget('nodes.main.options.4')).toEqual({ node: 'main', field: 'options.4' });
    expect(errorTarget('nodes.lost')).toEqual({ node: 'lost', field: null });
    expect(errorTarget('start')).toEqual({ node: null, field: 'start' });
    expect(errorTarget(null)).toEqual({ node: null, field: null });
  });

  it('sends no empty fields', () => {
    const d = toApi({ start: 'a', nodes: { a: { type: 'menu', prompt: '', options: {}, next: undefined, retries: 0 } } });
    expect(d.nodes.a).toEqual({ type: 'menu', retries: 0 });
    expect(freeName(menu, 'play')).toBe('play1');
  });
});

describe('business hours', () => {
  it('read ranges as typed, with Chinese commas too', () => {
    expect(hoursList('09:00-12:00， 13:30-18:00')).toEqual(['09:00-12:00', '13:30-18:00']);
    expect(hoursList('')).toEqual([]);
    expect(hoursText(['09:00-12:00', '13:30-18:00'])).toBe('09:00-12:00, 13:30-18:00');
  });
});

describe('CSV import', () => {
  it('reads UTF-8 (BOM dropped) and GBK files', () => {
    expect(decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0xe5, 0xa7, 0x93]))).toEqual({ text: 'a,姓', encoding: 'UTF-8' });
    expect(decode(new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb]))).toEqual({ text: '姓名', encoding: 'GBK' });
  });

  it('parses quoted fields and stops after the lines it needs', () => {
    expect(parseLines('phone,name\r\n"139,1","李 ""雷"""\n2,b\n3,c', 2)).toEqual([
      ['phone', 'name'],
      ['139,1', '李 "雷"'],
    ]);
    expect(parseLines('a,b', 5)).toEqual([['a', 'b']]);
  });

  it('guesses the fields of usual headers and maps them', () => {
    expect(['电话', 'Mobile', '姓名', 'TZ', 'plan'].map(guessField)).toEqual(['phone', 'phone', 'name', 'timezone', 'plan']);
    expect(mapParams({ 电话: 'phone', 备注: null, plan: 'plan' })).toEqual(['电话=phone', 'plan=plan']);
  });

  it('writes the rejected rows as a CSV file spreadsheets open as UTF-8', () => {
    expect(rejectedCsv([{ line: 3, reason: 'not a phone number', raw: 'abc,"李,雷"' }], ['行', '原因', '内容'])).toBe(
      '\uFEFF行,原因,内容\r\n3,not a phone number,"abc,""李,雷"""\r\n',
    );
  });
});

describe('server fields on form fields', () => {
  it('reads dotted and indexed paths', () => {
    expect(fieldPath('skills.sales')).toEqual(['skills', 'sales']);
    expect(fieldPath('sections[0].items[2].weight')).toEqual(['sections', 0, 'items', 2, 'weight']);
    expect(fieldPath('codes[3].label')).toEqual(['codes', 3, 'label']);
  });
});

describe('the waveform', () => {
  it('folds samples into a (min, max) pair per column', () => {
    expect(peaks([0, 0.5, -0.25, 1, -1, 0.1], 3)).toEqual([
      { min: 0, max: 0.5 },
      { min: -0.25, max: 1 },
      { min: -1, max: 0.1 },
    ]);
    expect(peaks([], 2)).toEqual([
      { min: 0, max: 0 },
      { min: 0, max: 0 },
    ]);
  });
  it('turns a click into a moment of the call and a marker into a place, within the call', () => {
    expect(msAt(320, 640, 10_000)).toBe(5000);
    expect(msAt(-5, 640, 10_000)).toBe(0);
    expect(msAt(700, 640, 10_000)).toBe(10_000);
    expect(xAt(2500, 640, 10_000)).toBe(160);
    expect(clock(65_432)).toBe('1:05.4');
  });
});

describe('the quality pages', () => {
  it('are the whole administration of an agent, under the name Quality', () => {
    const agent = { user: { id: 'u1', login: 'li@x', tenantId: 'x', roles: ['agent'], operator: false }, can: ['agents:self'] } as unknown as SessionInfo;
    expect(adminPages(agent).map((p) => p.key)).toEqual(['qa-mine']);
    expect(adminLabel(agent)).toBe('quality');
    // with tickets (every real agent): tickets and their own evaluations, named for both
    const withTickets = { ...agent, can: ['agents:self', 'tickets:read', 'tickets:write'] } as unknown as SessionInfo;
    expect(adminPages(withTickets).map((p) => p.key)).toEqual(['tickets', 'qa-mine']);
    expect(adminLabel(withTickets)).toBe('work');
    const lead = { user: { id: 'u2', login: 'zhou@x', tenantId: 'x', roles: ['qa'], operator: false }, can: ['qa:read', 'qa:evaluate', 'qa:manage', 'qa:review', 'qa:calibrate', 'qa:coach', 'users:read'] } as unknown as SessionInfo;
    expect(adminPages(lead).map((p) => p.key)).toEqual(['qa-work', 'qa-evaluations', 'qa-disputes', 'qa-scorecards', 'qa-sampling', 'qa-calibration', 'qa-reports', 'qa-coaching']);
  });
  it("put the calls among quality's pages for QA staff, among customer service's for a supervisor", () => {
    const qa = { user: { id: 'u2', login: 'zhou@x', tenantId: 'x', roles: ['qa'], operator: false }, can: ['qa:read', 'qa:evaluate', 'cdrs:read', 'recordings:read'] } as unknown as SessionInfo;
    expect(adminPages(qa).map((p) => p.key)).toEqual(['calls', 'qa-work', 'qa-evaluations', 'qa-reports']);
    expect(adminLabel(qa)).toBe('quality');
    const supervisor = { user: { id: 'u3', login: 'sam@x', tenantId: 'x', roles: ['supervisor'], operator: false }, can: ['qa:read', 'cdrs:read', 'tickets:read'] } as unknown as SessionInfo;
    expect(adminPages(supervisor).map((p) => p.key)).toEqual(['calls', 'tickets', 'qa-evaluations', 'qa-reports']);
    expect(adminLabel(supervisor)).toBe('work');
  });
});

describe("a ticket's next steps", () => {
  it("follow the server's lifecycle", () => {
    expect(nextSteps('NEW')).toEqual(['IN_PROGRESS', 'RESOLVED']);
    expect(nextSteps('IN_PROGRESS')).toEqual(['RESOLVED']);
    expect(nextSteps('RESOLVED')).toEqual(['CLOSED', 'REOPEN']);
    expect(nextSteps('CLOSED')).toEqual(['REOPEN']);
    expect(nextSteps(undefined)).toEqual([]);
  });
});

describe('an API token', () => {
  it('is active until it expires or is revoked', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-12-08T00:00:00Z' }, now)).toBe('ACTIVE');
    expect(tokenState({ revokedAt: null, expiresAt: '2026-12-07T10:00:00Z' }, now)).toBe('EXPIRED');
    expect(tokenState({ revokedAt: '2026-12-01T00:00:00Z', expiresAt: '2026-12-08T00:00:00Z' }, now)).toBe('REVOKED');
    expect(tokenState({ revokedAt: null, expiresAt: null }, now)).toBe('ACTIVE');
  });
});

describe('a call script preview', () => {
  it('fills the variables with samples and marks unknown ones', () => {
    expect(fillSample('您好，${customer.name}，我是${ agent.name }。', { 'customer.name': '王小明', 'agent.name': '李四' })).toBe('您好，王小明，我是李四。');
    expect(fillSample('${customer.fields.vip}', {})).toBe('⟦customer.fields.vip⟧');
  });
});

describe('the audit filter', () => {
  it("sends days as instants of the company's zone, the last day whole", () => {
    expect(auditQuery({ action: ' billing. ', from: '2026-12-01', to: '2026-12-07' }, 'Asia/Shanghai')).toEqual({
      action: 'billing.',
      actor: undefined,
      q: undefined,
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-07T16:00:00.000Z',
    });
    expect(auditQuery({ text: '', to: '2026-12-31' }, 'UTC').to).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe("an evaluator's calibration drift", () => {
  it('sums the deviations up and tells whether the later sessions are further off', () => {
    const rows = driftRows({
      wu: [
        { at: '2026-11-01T02:00:00Z', scoreDeviation: -5 },
        { at: '2026-11-08T02:00:00Z', scoreDeviation: 3 },
        { at: '2026-11-15T02:00:00Z', scoreDeviation: -20 },
        { at: '2026-11-22T02:00:00Z', scoreDeviation: -40 },
      ],
      zhou: [{ at: '2026-11-22T02:00:00Z', scoreDeviation: 0 }],
      nobody: [],
    });
    expect(rows.map((r) => r.user)).toEqual(['wu', 'zhou']);
    expect(rows[0]).toMatchObject({ sessions: 4, meanDistance: 17, latest: -40, trend: 'WIDER' });
    expect(rows[1]?.trend).toBe('TOO_FEW');
    expect(driftRows({ li: [{ at: 'a', scoreDeviation: 30 }, { at: 'b', scoreDeviation: -10 }] })[0]?.trend).toBe('NARROWER');
    expect(driftRows({ li: [{ at: 'a', scoreDeviation: 10 }, { at: 'b', scoreDeviation: -11 }] })[0]?.trend).toBe('STEADY');
  });
});

describe('a list without a total', () => {
  it('offers one more page while the pages come back full', () => {
    const go = () => {};
    expect(openEndedPaging(1, 20, 20, go).total).toBe(21);
    expect(openEndedPaging(3, 20, 20, go).total).toBe(61);
    expect(openEndedPaging(3, 20, 7, go).total).toBe(47);
    expect(openEndedPaging(1, 20, 0, go)).toMatchObject({ current: 1, pageSize: 20, total: 0, showSizeChanger: false });
    // the list ended exactly at a full page: the next one is empty, still its own page, the previous one a click away
    expect(openEndedPaging(2, 20, 0, go)).toMatchObject({ current: 2, total: 21 });
  });
});

describe('server sort', () => {
  it('writes the column key, descending with a leading minus, nothing when no column is sorted', () => {
    expect(sortParam({ columnKey: 'created', order: 'ascend' })).toBe('created');
    expect(sortParam({ columnKey: 'created', order: 'descend' })).toBe('-created');
    expect(sortParam({ columnKey: 'created', order: null })).toBeUndefined();
    expect(sortParam([{ columnKey: 'a', order: null }, { columnKey: 'talk', order: 'descend' }])).toBe('-talk');
    expect(sortParam({ columnKey: 3, order: 'ascend' })).toBeUndefined();
  });
  it('shows the order on its own column only', () => {
    expect(sortOrderOf('-talk', 'talk')).toBe('descend');
    expect(sortOrderOf('talk', 'talk')).toBe('ascend');
    expect(sortOrderOf('talk', 'wait')).toBeNull();
    expect(sortOrderOf(undefined, 'wait')).toBeNull();
  });
});

describe('unrated reasons', () => {
  const t = (key: string, o?: Record<string, unknown>) => `${key}${o ? JSON.stringify(o) : ''}`;
  it("puts the billing server's three reasons in the reader's words, anything else as written", () => {
    expect(unratedReason('no OUTBOUND rate for +12025550100 in band PEAK', t)).toBe(
      'accounts.unratedWhy.noRate{"direction":"calls.directions.OUTBOUND","number":"+12025550100","band":"PEAK"}',
    );
    expect(unratedReason('tenant acme has no rate plan on 2026-11-30', t)).toBe('accounts.unratedWhy.noPlan{"tenant":"acme","day":"2026-11-30"}');
    expect(unratedReason("direction 'INTERNAL' is not rated (INBOUND or OUTBOUND)", t)).toBe('accounts.unratedWhy.direction{"direction":"INTERNAL"}');
    expect(unratedReason('something new', t)).toBe('something new');
  });
});


describe('KPI reports', () => {
  it('sum groups by period and recompute the service level from the counts', () => {
    const rows = [
      { period: '2026-12-02', kpis: { offered: 2, answered: 2, abandoned: 0, shortAbandoned: 0, answeredInTarget: 2 } },
      { period: '2026-12-01', kpis: { offered: 100, answered: 80, abandoned: 20, shortAbandoned: 10, answeredInTarget: 45 } },
      { period: '2026-12-01', kpis: { offered: 10, answered: 10, abandoned: 0, shortAbandoned: 0, answeredInTarget: 10 } },
      { period: '2026-12-03', kpis: { offered: 1, answered: 0, abandoned: 1, shortAbandoned: 1, answeredInTarget: 0 } },
    ];
    const p = byPeriod(rows);
    expect(p.map((x) => x.period)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(p[0]?.offered).toBe(110);
    expect(p[0]?.serviceLevel).toBeCloseTo(55 / 100, 12);
    expect(p[1]?.serviceLevel).toBe(1);
    expect(p[2]?.serviceLevel).toBeNull(); // only a short abandon: no base
  });
  it('read a change as good or bad news by the figure', () => {
    expect(trend('serviceLevel', 0.05)).toEqual({ direction: 'up', tone: 'good', text: '+5%' });
    expect(trend('abandonRate', 0.05)?.tone).toBe('bad');
    expect(trend('asaSeconds', -0.25)).toEqual({ direction: 'down', tone: 'good', text: '-25%' });
    expect(trend('ahtSeconds', 0.1)?.tone).toBe('neutral');
    expect(trend('csat', 0)?.direction).toBe('flat');
    expect(trend('csat', null)).toBeNull();
  });
  it('format seconds and shares, and link the export with the same query', () => {
    expect(seconds(7.84)).toBe('0:08');
    expect(seconds(3725)).toBe('1:02:05');
    expect(seconds(null)).toBe('–');
    expect(share(0.8884, 'en')).toBe('88.8%');
    expect(share(undefined, 'en')).toBe('–');
    expect(exportHref('acme', { from: '2026-12-01', to: '2026-12-07', queue: undefined, by: 'AGENT' }, 'xlsx', 'zh-CN')).toBe(
      '/api/v1/tenants/acme/reports/kpis/export?from=2026-12-01&to=2026-12-07&by=AGENT&format=xlsx&lang=zh-CN',
    );
  });
});

describe('forecast page', () => {
  it('sends percents as shares and leaves empty figures to the server', () => {
    const q = forecastQuery('sales', '2026-12-07', 7, 30, { serviceLevel: 80, withinSeconds: 20, maxOccupancy: 85, shrinkage: 30, patienceSeconds: null, maxAbandonRate: null });
    expect(q).toEqual({ queue: 'sales', from: '2026-12-07', days: 7, interval: 30, serviceLevel: 0.8, withinSeconds: 20, maxOccupancy: 0.85, shrinkage: 0.3 });
    const a = forecastQuery('sales', '2026-12-07', 1, 15, { serviceLevel: 90, maxOccupancy: 100, shrinkage: 0, patienceSeconds: 60, maxAbandonRate: 5 });
    expect(a.patienceSeconds).toBe(60);
    expect(a.maxAbandonRate).toBe(0.05);
    expect(a.withinSeconds).toBeUndefined();
  });
  it('reads the back-test against the naive baseline', () => {
    expect(accuracyVerdict({ wape: 0.08, naiveWape: 0.14 })).toBe('better');
    expect(accuracyVerdict({ wape: 0.2, naiveWape: 0.14 })).toBe('worse');
    expect(accuracyVerdict({ wape: 0.141, naiveWape: 0.14 })).toBe('even');
    expect(accuracyVerdict(null)).toBeNull();
    expect(accuracyVerdict({ wape: 0.1, naiveWape: null })).toBeNull();
  });
  it('charts the working hours of a day, not the night', () => {
    const iv = [
      { start: '2026-12-07T00:00', calls: 0, onPhones: 0, scheduled: 0 },
      { start: '2026-12-07T08:00', calls: 100, onPhones: 14, scheduled: 20 },
      { start: '2026-12-07T08:30', calls: 0, onPhones: 0, scheduled: 0 },
      { start: '2026-12-07T09:00', calls: 50.04, onPhones: 8, scheduled: 12 },
      { start: '2026-12-07T23:30', calls: 0, onPhones: 0, scheduled: 0 },
      { start: '2026-12-08T08:00', calls: 90, onPhones: 13, scheduled: 19 },
    ];
    const s = chartSeries(iv, '2026-12-07');
    expect(s.labels).toEqual(['08:00', '08:30', '09:00']);
    expect(s.calls).toEqual([100, 0, 50]);
    expect(s.scheduled).toEqual([20, 0, 12]);
    expect(chartSeries(iv).labels[0]).toBe('12-07 08:00');
    expect(chartSeries([{ start: '2026-12-07T00:00', calls: 0, scheduled: 0 }]).labels).toEqual([]);
  });
  it('writes a factor as a change', () => {
    expect(factorText(1.4)).toBe('+40 %');
    expect(factorText(0.5)).toBe('−50 %');
    expect(factorText(1)).toBe('±0 %');
    expect(factorText(null)).toBe('–');
  });
});

describe('schedules', () => {
  const shift = {
    id: 's1',
    agentUserId: 'u1',
    template: 'morning',
    start: '2026-12-14T09:00',
    end: '2026-12-14T13:00',
    activities: [
      { kind: 'CALLS', from: '2026-12-14T09:00', to: '2026-12-14T11:00' },
      { kind: 'BREAK', from: '2026-12-14T11:00', to: '2026-12-14T11:15' },
      { kind: 'CALLS', from: '2026-12-14T11:15', to: '2026-12-14T13:00' },
    ],
  };
  it('moves a shift with its activities', () => {
    const m = moved(shift, 30);
    expect(m.start).toBe('2026-12-14T09:30');
    expect(m.end).toBe('2026-12-14T13:30');
    expect(m.activities[1]).toEqual({ kind: 'BREAK', from: '2026-12-14T11:30', to: '2026-12-14T11:45' });
    expect(moved(shift, -15).start).toBe('2026-12-14T08:45');
  });
  it('finds the week and writes the hours', () => {
    expect(weekOf('2026-12-17')).toEqual(['2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2026-12-19', '2026-12-20']);
    expect(weekOf('2026-12-20')[0]).toBe('2026-12-14');
    expect(hours(shift)).toBe('09:00–13:00');
    expect(hours({ start: '2026-12-14T20:00', end: '2026-12-15T00:00' })).toBe('20:00–24:00');
  });
  it('draws activities on the day axis', () => {
    expect(bar(shift.activities[0]!, '2026-12-14', 8, 18)).toEqual({ left: 10, width: 20 });
    expect(bar({ from: '2026-12-14T06:00', to: '2026-12-14T07:00' }, '2026-12-14', 8, 18)).toBeNull();
    expect(axisHours([shift, { start: '2026-12-14T06:30', end: '2026-12-14T19:30' }], '2026-12-14')).toEqual([6, 20]);
    expect(axisHours([], '2026-12-14')).toEqual([8, 18]);
    expect(dayLabel('2026-12-14', 'zh-CN')).toContain('周一');
    expect(dayLabel('2026-12-14', 'en')).toContain('Mon');
  });
});
