import { describe, expect, it } from 'vitest';
import { allowed, showsTile } from './agentState';
import { controls, phaseOf } from './callPanel';
import { reconnectDelay } from './backoff';
import { dateTime, dayStart, dueLabel, duration, percent, serviceLevel, since, todayIn } from './format';
import { byWaiting, recipientValue, replyTo, sendBody, unread } from './messages';
import { fieldValues, formPath, slaClock } from './tickets';
import { historyText } from './history';
import { withHistory } from './trend';
import { popData } from './pop';

describe('duration', () => {
  it('formats minutes and hours', () => {
    expect(duration(0)).toBe('0:00');
    expect(duration(59_999)).toBe('0:59');
    expect(duration(61_000)).toBe('1:01');
    expect(duration(3_600_000 + 5 * 60_000 + 7_000)).toBe('1:05:07');
  });
  it('counts a negative duration (clock skew) as zero', () => {
    expect(duration(-5000)).toBe('0:00');
  });
});

describe('service level', () => {
  it('is answered within the threshold over answered plus abandoned', () => {
    expect(serviceLevel(8, 9, 1)).toBe(80);
    expect(serviceLevel(2, 3, 0)).toBe(66.7);
  });
  it('is unknown before the first call', () => {
    expect(serviceLevel(0, 0, 0)).toBeNull();
    expect(percent(null, 'en')).toBe('–');
  });
  it('is formatted in the locale', () => {
    expect(percent(87.5, 'en')).toBe('87.5%');
    expect(percent(87.5, 'zh-CN')).toBe('87.5%');
  });
});

describe('time in state', () => {
  it('uses the server clock offset', () => {
    const at = '2026-12-06T10:00:00Z';
    expect(since(at, Date.parse('2026-12-06T10:00:10Z'), 0)).toBe(10_000);
    expect(since(at, Date.parse('2026-12-06T10:00:10Z'), -4_000)).toBe(6_000);
    expect(since(null, 0)).toBe(0);
  });
});

describe('agent actions', () => {
  it('allows ready only from not-ready and wrap-up', () => {
    expect(allowed('NOT_READY').has('ready')).toBe(true);
    expect(allowed('WRAP_UP').has('ready')).toBe(true);
    expect(allowed('ON_CALL').has('ready')).toBe(false);
    expect(allowed('RESERVED').size).toBe(0);
  });
  it('never lets an agent leave the seat during a call', () => {
    expect(allowed('ON_CALL').has('leaveSeat')).toBe(false);
    expect(allowed('WRAP_UP').has('leaveSeat')).toBe(false);
    expect(allowed('READY').has('leaveSeat')).toBe(true);
  });
});

describe('reconnect backoff', () => {
  it('doubles from 1 s to at most 30 s with bounded jitter', () => {
    expect(reconnectDelay(0, () => 0)).toBe(1000);
    expect(reconnectDelay(3, () => 0)).toBe(8000);
    expect(reconnectDelay(20, () => 0)).toBe(30_000);
    expect(reconnectDelay(20, () => 1)).toBe(24_000);
  });
});


describe('call panel', () => {
  it('shows the phase of the call as the agent sees it', () => {
    expect(phaseOf('RESERVED', 'RINGING')).toBe('ringing');
    expect(phaseOf('ON_CALL', 'TALKING')).toBe('talking');
    expect(phaseOf('ON_CALL', 'HELD')).toBe('held');
    expect(phaseOf('ON_CALL', 'CONSULTING')).toBe('consulting');
    expect(phaseOf('WRAP_UP', 'ENDED')).toBe('wrapUp');
    expect(phaseOf('READY', null)).toBe('idle');
  });
  it('offers resume only on hold and hold only while talking', () => {
    expect(controls('talking', true).has('hold')).toBe(true);
    expect(controls('talking', true).has('resume')).toBe(false);
    expect(controls('held', true).has('resume')).toBe(true);
    expect(controls('held', true).has('hold')).toBe(false);
  });
  it('completes or cancels a consultation, and records only where policy allows', () => {
    expect([...controls('consulting', true)].sort()).toEqual(['cancelConsult', 'completeTransfer', 'hangup']);
    expect(controls('talking', false).has('record')).toBe(false);
    expect(controls('wrapUp', true).size).toBe(0);
  });
});

describe('screen pop data', () => {
  it('lists what the caller keyed in the IVR first, without the data. prefix, then the rest, without the IVR path', async () => {
    const pop = { callData: { did: '4008001234', 'ivr.path': 'hotline:case', 'data.case': '2', 'data.order': '778' } } as never;
    expect(popData(pop)).toEqual([
      ['case', '2'],
      ['order', '778'],
      ['did', '4008001234'],
    ]);
  });
});

describe('note drafts', () => {
  const memory = (): Storage => {
    const m = new Map<string, string>();
    return {
      get length() {
        return m.size;
      },
      key: (i: number) => [...m.keys()][i] ?? null,
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
      clear: () => m.clear(),
    };
  };

  it('keeps a draft per user and call until it is emptied, and drops week-old ones', async () => {
    const { readDraft, writeDraft } = await import('./draft');
    const s = memory();
    writeDraft('u1', 'c1', '客户要求回电', s, 1_000);
    expect(readDraft('u1', 'c1', s)).toBe('客户要求回电');
    expect(readDraft('u2', 'c1', s)).toBe('');
    writeDraft('u1', 'c2', 'later', s, 1_000 + 8 * 24 * 3600 * 1000);
    expect(readDraft('u1', 'c1', s)).toBe('');
    writeDraft('u1', 'c2', '', s);
    expect(readDraft('u1', 'c2', s)).toBe('');
  });
});

describe('my figures today', () => {
  it('counts calls once, sums time per state from the day start, and averages talk plus wrap-up per call', async () => {
    const { dayFigures } = await import('./figures');
    const t = (s: number) => new Date(Date.UTC(2026, 11, 6, 9, 0, s)).toISOString();
    const start = Date.UTC(2026, 11, 6, 0, 0, 0);
    const f = dayFigures(
      [
        { state: 'READY', previous: 'NOT_READY', at: t(0) },
        { state: 'RESERVED', previous: 'READY', at: t(10), callId: 'c1' },
        { state: 'ON_CALL', previous: 'RESERVED', at: t(12), callId: 'c1' },
        { state: 'WRAP_UP', previous: 'ON_CALL', at: t(72), callId: 'c1' },
        { state: 'ON_CALL', previous: 'WRAP_UP', at: t(80), callId: 'c2' },
        { state: 'READY', previous: 'ON_CALL', at: t(100) },
      ],
      start,
      Date.UTC(2026, 11, 6, 9, 2, 0),
    );
    expect(f.calls).toBe(2);
    expect(f.inState.ON_CALL).toBe(80_000);
    expect(f.inState.WRAP_UP).toBe(8_000);
    expect(f.inState.READY).toBe(10_000 + 20_000);
    expect(f.inState.NOT_READY).toBe(9 * 3600 * 1000);
    expect(f.ahtMs).toBe(44_000);
    expect(dayFigures([], start, start + 5).ahtMs).toBeNull();
  });
});

describe('big screen trend', () => {
  it('keeps one reading per step within the window, the latest value winning', async () => {
    const { addSample } = await import('./trend');
    let s = addSample([], { at: 0, waiting: 1, serviceLevel: null }, 60_000, 5_000);
    s = addSample(s, { at: 2_000, waiting: 3, serviceLevel: 80 }, 60_000, 5_000);
    expect(s).toEqual([{ at: 0, waiting: 3, serviceLevel: 80 }]);
    s = addSample(s, { at: 5_000, waiting: 4, serviceLevel: 75 }, 60_000, 5_000);
    expect(s.map((x) => x.waiting)).toEqual([3, 4]);
    s = addSample(s, { at: 64_000, waiting: 0, serviceLevel: 90 }, 60_000, 5_000);
    expect(s.map((x) => x.at)).toEqual([5_000, 64_000]);
  });
});

describe('callback due time', () => {
  const at = '2026-12-07T02:30:00Z';
  it("shows the customer's clock and names its zone", () => {
    expect(dueLabel(at, 'Asia/Shanghai', 'en-US', Date.parse('2026-12-06T00:00:00Z'))).toEqual({ text: '12/07, 10:30 (Asia/Shanghai)', overdue: false });
    expect(dueLabel(at, 'America/New_York', 'en-US', 0).text).toBe('12/06, 21:30 (America/New_York)');
  });
  it('is overdue once the time has passed', () => {
    expect(dueLabel(at, 'Asia/Shanghai', 'zh-CN', Date.parse('2026-12-07T03:00:00Z')).overdue).toBe(true);
  });
  it('falls back to UTC for a zone the browser does not know', () => {
    expect(dueLabel(at, 'Mars/Olympus', 'en-US', 0).text).toBe('12/07, 02:30 (UTC)');
  });
});

describe("the tenant's day and dates", () => {
  it("starts the day at the tenant's midnight, not the browser's", () => {
    // 2026-12-06 23:30 in Shanghai is 15:30 UTC: Shanghai's day began at 16:00 UTC the day before
    expect(new Date(dayStart(Date.parse('2026-12-06T15:30:00Z'), 'Asia/Shanghai')).toISOString()).toBe('2026-12-05T16:00:00.000Z');
    // 00:30 the next day there: a new day
    expect(new Date(dayStart(Date.parse('2026-12-06T16:30:00Z'), 'Asia/Shanghai')).toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(new Date(dayStart(Date.parse('2026-07-01T03:00:00Z'), 'America/New_York')).toISOString()).toBe('2026-06-30T04:00:00.000Z');
  });
  it("shows a date in the tenant's zone", () => {
    expect(dateTime('2026-12-06T16:30:00Z', 'en-US', 'Asia/Shanghai')).toBe('12/7/26, 12:30 AM');
    expect(dateTime('2026-12-06T16:30:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('2026/12/7 00:30');
  });
});

describe('messages', () => {
  it('send to one user or to a team, from the picked value', () => {
    expect(sendBody(recipientValue('USER', 'u-1'), 'hi')).toEqual({ to: 'u-1', body: 'hi' });
    expect(sendBody(recipientValue('TEAM', 't:9'), '开会')).toEqual({ team: 't:9', body: '开会' });
    expect(sendBody(undefined, 'x')).toEqual({ body: 'x' });
  });

  it('count only unread messages to me, and reply to the other side', () => {
    const list = [
      { id: '1', fromUser: 'sam', toUser: 'amy', readAt: null },
      { id: '2', fromUser: 'sam', toUser: 'amy', readAt: '2026-12-06T10:00:00Z' },
      { id: '3', fromUser: 'amy', toUser: 'sam', readAt: null },
    ];
    expect(unread(list, 'amy')).toBe(1);
    expect(unread(undefined, 'amy')).toBe(0);
    expect(replyTo(list[0]!, 'amy')).toBe('USER:sam');
    expect(replyTo(list[2]!, 'amy')).toBe('USER:sam');
  });

  it('list help requests longest waiting first', () => {
    const ordered = byWaiting([{ id: 'b', at: '2026-12-06T10:05:00Z' }, { id: 'a', at: '2026-12-06T10:01:00Z' }]);
    expect(ordered.map((h) => h.id)).toEqual(['a', 'b']);
  });
});

describe('tickets', () => {
  it('run the SLA clock down, then count how late', () => {
    const due = '2026-12-06T12:00:00Z';
    expect(slaClock(due, Date.parse('2026-12-06T11:00:00Z'))).toEqual({ ms: 3_600_000, overdue: false });
    expect(slaClock(due, Date.parse('2026-12-06T12:15:00Z'))).toEqual({ ms: 900_000, overdue: true });
    // the server's clock decides: 10 s ahead of the browser's
    expect(slaClock(due, Date.parse('2026-12-06T11:59:55Z'), 10_000)).toEqual({ ms: 5_000, overdue: true });
    expect(slaClock(null, 0)).toBeNull();
  });

  it("send a category's fields as the API takes them", () => {
    const defs = [{ name: 'order_no', type: 'TEXT' }, { name: 'amount', type: 'NUMBER' }, { name: 'note', type: 'TEXT' }];
    expect(fieldValues(defs, { order_no: 'A-1', amount: '128.5', note: '' })).toEqual({ order_no: 'A-1', amount: 128.5 });
    expect(fieldValues(defs, undefined)).toEqual({});
    expect(formPath('fields.order_no')).toEqual(['fields', 'order_no']);
    expect(formPath('title')).toBe('title');
  });
});

describe('history', () => {
  const t = (k: string, o?: Record<string, unknown>) => (k === 'pop.outcome' ? `Outcome ${String(o?.label)}` : `call back ${String(o?.time)} ${String(o?.zone)}`);
  it("writes an outcome from its data, the callback on the customer's clock", () => {
    const line = historyText({ kind: 'DISPOSITION', summary: 'Disposition X', data: { label: '回电 Call back', note: '明早', 'callback.at': '2026-12-07T02:30:00Z', 'callback.zone': 'Asia/Shanghai' } }, t, 'en-GB');
    expect(line).toBe('Outcome 回电 Call back: 明早 (call back 07/12/2026, 10:30 Asia/Shanghai)');
  });
  it('keeps the summary of other kinds', () => {
    expect(historyText({ kind: 'CALL', summary: 'Inbound call 0:42', data: {} }, t, 'en')).toBe('Inbound call 0:42');
  });
});

describe('wallboard filter', () => {
  const teamOf = new Map([['amy', 't1'], ['bob', 't2']]);
  const amy = { userId: 'amy', state: 'READY', skills: { sales: 5 } };
  const all = { state: 'ALL', team: 'ALL', skill: 'ALL' };
  it('filters tiles by state, team and skill, and never shows the signed-out', () => {
    expect(showsTile(amy, all, teamOf)).toBe(true);
    expect(showsTile(amy, { ...all, team: 't1', skill: 'sales', state: 'READY' }, teamOf)).toBe(true);
    expect(showsTile(amy, { ...all, team: 't2' }, teamOf)).toBe(false);
    expect(showsTile(amy, { ...all, skill: 'support' }, teamOf)).toBe(false);
    expect(showsTile(amy, { ...all, state: 'ON_CALL' }, teamOf)).toBe(false);
    expect(showsTile({ ...amy, state: 'LOGGED_OUT' }, all, teamOf)).toBe(false);
  });
});

describe('big screen history', () => {
  it("puts the server's readings before the screen's own, on the browser's clock", () => {
    const local = [{ at: Date.parse('2026-12-06T10:00:00Z'), waiting: 2, serviceLevel: 90 }];
    const history = [
      { at: '2026-12-06T09:59:10Z', waiting: 1, answered: 8, abandoned: 2, answeredWithinServiceLevel: 7 },
      { at: '2026-12-06T09:59:40Z', waiting: 3, answered: 0, abandoned: 0, answeredWithinServiceLevel: 0 },
      { at: '2026-12-06T10:00:20Z', waiting: 5, answered: 9, abandoned: 2, answeredWithinServiceLevel: 8 },
    ];
    // the server is 10 s ahead of the browser: its 09:59:40 is the browser's 09:59:30
    const merged = withHistory(history, local, 10_000);
    expect(merged.map((s) => s.waiting)).toEqual([1, 3, 2]);
    expect(merged[0]).toEqual({ at: Date.parse('2026-12-06T09:59:00Z'), waiting: 1, serviceLevel: 70 });
    expect(merged[1]!.serviceLevel).toBeNull();
    expect(withHistory([], local, 0)).toEqual(local);
  });
});

describe('todayIn', () => {
  it("is the company's date, not the browser's, around midnight", () => {
    const t = Date.parse('2026-12-07T16:34:00Z'); // 00:34 on the 8th in Shanghai
    expect(todayIn('Asia/Shanghai', t)).toBe('2026-12-08');
    expect(todayIn('UTC', t)).toBe('2026-12-07');
    expect(todayIn('America/New_York', Date.parse('2026-12-08T03:00:00Z'))).toBe('2026-12-07');
  });
});
