/** Pure helpers of adherence (遵时): bars on a day's axis to the second, the axis, seconds as text, state labels (tested). */
import dayjs from 'dayjs';

export interface Span {
  from?: string | null;
  to?: string | null;
}

/**
 * Where a span (local date-times "2026-12-14T09:00:05") sits on the axis [start, end]: left and width in percent, to
 * the second, clipped; null when outside it.
 */
export function spanBar(s: Span, start: string, end: string): { left: number; width: number } | null {
  const a = dayjs(start);
  const total = dayjs(end).diff(a, 'second');
  if (total <= 0) return null;
  const from = Math.max(0, dayjs(s.from ?? '').diff(a, 'second'));
  const to = Math.min(total, dayjs(s.to ?? '').diff(a, 'second'));
  if (to <= from) return null;
  return { left: (from / total) * 100, width: ((to - from) / total) * 100 };
}

/**
 * The axis of an agent's day: from the schedule's first start to its last end, widened by a quarter of an hour either
 * side and to whole quarters; the states' extent when nothing is scheduled; null when there is neither.
 */
export function axisOf(schedule: Span[], states: Span[]): [string, string] | null {
  const spans = schedule.length > 0 ? schedule : states;
  if (spans.length === 0) return null;
  let from = dayjs(spans[0]!.from ?? '');
  let to = dayjs(spans[0]!.to ?? '');
  for (const s of spans) {
    if (dayjs(s.from ?? '').isBefore(from)) from = dayjs(s.from ?? '');
    if (dayjs(s.to ?? '').isAfter(to)) to = dayjs(s.to ?? '');
  }
  const day = from.startOf('day');
  let start = from.subtract(15, 'minute');
  start = start.subtract(start.minute() % 15, 'minute').startOf('minute');
  let end = to.add(15, 'minute');
  end = end.minute() % 15 === 0 && end.second() === 0 ? end : end.add(15 - (end.minute() % 15), 'minute').startOf('minute');
  if (start.isBefore(day)) start = day;
  if (end.isAfter(day.add(1, 'day'))) end = day.add(1, 'day');
  return [start.format('YYYY-MM-DDTHH:mm:ss'), end.format('YYYY-MM-DDTHH:mm:ss')];
}

/** Seconds as "1:02:03", "2:03" (at least minutes and seconds). */
export function hms(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** An agent state as it is mapped: "READY", or "NOT_READY:break" → state and reason. */
export function splitState(entry: string): { state: string; reason: string | null } {
  const i = entry.indexOf(':');
  return i < 0 ? { state: entry, reason: null } : { state: entry.slice(0, i), reason: entry.slice(i + 1) };
}

/** The entries a mapping offers: every state but not-ready alone, and not-ready with each reason code. */
export function mappingOptions(reasons: string[]): string[] {
  return ['READY', 'RESERVED', 'ON_CALL', 'WRAP_UP', 'NOT_READY', ...reasons.map((r) => `NOT_READY:${r}`), 'LOGGED_OUT'];
}

/** A ratio 0–1 as a percentage with one decimal, or "–" when there is none. */
export function ratio(v: number | null | undefined, locale: string): string {
  return v == null ? '–' : new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
}
