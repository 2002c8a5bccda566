/** Pure helpers of the forecast and staffing page (tested in admin.test.ts). */

export interface TargetForm {
  /** percent, 1-99.9 */
  serviceLevel: number;
  withinSeconds?: number | null;
  /** percent */
  maxOccupancy: number;
  /** percent */
  shrinkage: number;
  /** seconds: the callers' mean patience (Erlang A); empty for Erlang C */
  patienceSeconds?: number | null;
  /** percent; needs a patience */
  maxAbandonRate?: number | null;
}

/** The query of GET /tenants/{t}/forecasts: percents as shares, empty figures left out (the server's defaults). */
export function forecastQuery(queue: string, from: string, days: number, interval: number, f: TargetForm): Record<string, string | number> {
  const q: Record<string, string | number> = {
    queue,
    from,
    days,
    interval,
    serviceLevel: round(f.serviceLevel / 100),
    maxOccupancy: round(f.maxOccupancy / 100),
    shrinkage: round(f.shrinkage / 100),
  };
  if (f.withinSeconds !== null && f.withinSeconds !== undefined) q.withinSeconds = f.withinSeconds;
  if (f.patienceSeconds !== null && f.patienceSeconds !== undefined) q.patienceSeconds = f.patienceSeconds;
  if (f.maxAbandonRate !== null && f.maxAbandonRate !== undefined) q.maxAbandonRate = round(f.maxAbandonRate / 100);
  return q;
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}

/**
 * How the back-test reads: the forecast's error against the naive baseline's (same interval a week before); 'better'
 * when it is lower, 'worse' when higher, 'even' within half a point; null without a back-test.
 */
export function accuracyVerdict(a: { wape?: number | null; naiveWape?: number | null } | null | undefined): 'better' | 'even' | 'worse' | null {
  if (!a || a.wape === null || a.wape === undefined || a.naiveWape === null || a.naiveWape === undefined) {
    return null;
  }
  if (Math.abs(a.wape - a.naiveWape) < 0.005) return 'even';
  return a.wape < a.naiveWape ? 'better' : 'worse';
}

export interface IntervalLike {
  start?: string | null;
  calls?: number | null;
  onPhones?: number | null;
  scheduled?: number | null;
}

/**
 * The chart's series: every interval of the forecast, or of one day; intervals with no calls and no agents at either
 * end of a day are dropped so the chart shows the working hours (a whole night of zeros says nothing).
 */
export function chartSeries(intervals: IntervalLike[], day?: string): { labels: string[]; calls: number[]; onPhones: number[]; scheduled: number[] } {
  const picked = intervals.filter((i) => !day || (i.start ?? '').startsWith(day));
  const busy = (i: IntervalLike) => (i.calls ?? 0) > 0.005 || (i.scheduled ?? 0) > 0;
  let first = picked.findIndex(busy);
  let last = picked.length - 1 - [...picked].reverse().findIndex(busy);
  if (first < 0) {
    first = 0;
    last = -1;
  }
  const shown = picked.slice(first, last + 1);
  return {
    labels: shown.map((i) => (day ? (i.start ?? '').slice(11, 16) : (i.start ?? '').slice(5, 16).replace('T', ' '))),
    calls: shown.map((i) => Math.round((i.calls ?? 0) * 10) / 10),
    onPhones: shown.map((i) => i.onPhones ?? 0),
    scheduled: shown.map((i) => i.scheduled ?? 0),
  };
}

/** A factor as a change: 1.4 → "+40 %", 0.5 → "−50 %", 1 → "±0 %". */
export function factorText(factor: number | null | undefined): string {
  if (factor === null || factor === undefined) return '–';
  const p = Math.round((factor - 1) * 1000) / 10;
  return p > 0 ? `+${p} %` : p < 0 ? `−${-p} %` : '±0 %';
}
