/** Pure helpers of the KPI reports page (tested in admin.test.ts). */

export interface KpiCounts {
  offered?: number;
  answered?: number;
  abandoned?: number;
  shortAbandoned?: number;
  answeredInTarget?: number;
}

export interface PeriodFigures {
  period: string;
  offered: number;
  answered: number;
  abandoned: number;
  /** answered in target ÷ (offered − short abandons), 0-1; null without a base */
  serviceLevel: number | null;
}

/**
 * A report's rows summed by period, for the chart: counts add up across groups; the service level is recomputed from
 * the summed counts (a mean of the groups' levels would weigh a queue of 2 calls like one of 2,000).
 */
export function byPeriod(rows: { period?: string | null; kpis?: KpiCounts | null }[]): PeriodFigures[] {
  const m = new Map<string, { offered: number; answered: number; abandoned: number; shortAbandoned: number; inTarget: number }>();
  for (const r of rows) {
    const p = r.period ?? '';
    const k = r.kpis ?? {};
    const x = m.get(p) ?? { offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, inTarget: 0 };
    x.offered += k.offered ?? 0;
    x.answered += k.answered ?? 0;
    x.abandoned += k.abandoned ?? 0;
    x.shortAbandoned += k.shortAbandoned ?? 0;
    x.inTarget += k.answeredInTarget ?? 0;
    m.set(p, x);
  }
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, x]) => ({
      period,
      offered: x.offered,
      answered: x.answered,
      abandoned: x.abandoned,
      serviceLevel: x.offered - x.shortAbandoned > 0 ? x.inTarget / (x.offered - x.shortAbandoned) : null,
    }));
}

/** Figures where less is better (a rise is bad news); the others are better higher, or neither (AHT). */
const LOWER_IS_BETTER = new Set(['abandonRate', 'asaSeconds', 'longestWaitSeconds', 'abandoned']);
const NEUTRAL = new Set(['ahtSeconds', 'acwSeconds', 'talkSeconds', 'holdSeconds', 'offered', 'loggedInHours']);

/** How a change of a figure reads: up or down, good, bad or neither; null when there is no change to show. */
export function trend(figure: string, change: number | null | undefined): { direction: 'up' | 'down' | 'flat'; tone: 'good' | 'bad' | 'neutral'; text: string } | null {
  if (change === null || change === undefined || !Number.isFinite(change)) {
    return null;
  }
  const direction = change > 0.0005 ? 'up' : change < -0.0005 ? 'down' : 'flat';
  let tone: 'good' | 'bad' | 'neutral' = 'neutral';
  if (direction !== 'flat' && !NEUTRAL.has(figure)) {
    const better = LOWER_IS_BETTER.has(figure) ? direction === 'down' : direction === 'up';
    tone = better ? 'good' : 'bad';
  }
  const pct = Math.round(change * 1000) / 10;
  return { direction, tone, text: `${pct > 0 ? '+' : ''}${pct}%` };
}

/** Seconds as m:ss (or h:mm:ss), for handling times and waits; '–' for none. */
export function seconds(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) {
    return '–';
  }
  const s = Math.round(v);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** A share (0-1) as a percentage in the locale; '–' for none. */
export function share(v: number | null | undefined, locale: string): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '–' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

/** The export link of a report: the same query, a file format and the reader's language. */
export function exportHref(tenant: string, query: Record<string, string | undefined>, format: 'csv' | 'xlsx', lang: string): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== '') {
      q.set(k, v);
    }
  }
  q.set('format', format);
  q.set('lang', lang);
  return `/api/v1/tenants/${encodeURIComponent(tenant)}/reports/kpis/export?${q}`;
}
