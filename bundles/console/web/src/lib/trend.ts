import { serviceLevel } from './format';

/** One reading of the floor for the big screen's charts. */
export interface Sample {
  at: number;
  waiting: number;
  /** service level in percent, or null when nothing was answered or abandoned yet */
  serviceLevel: number | null;
}

/**
 * The readings of the last {@code windowMs}, oldest first, with {@code next} added: at most one per {@code stepMs} (a
 * reading within the step replaces the last one, so a burst of events does not crowd the chart).
 */
export function addSample(samples: Sample[], next: Sample, windowMs: number, stepMs: number): Sample[] {
  const kept = samples.filter((s) => next.at - s.at <= windowMs);
  const last = kept[kept.length - 1];
  if (last && next.at - last.at < stepMs) {
    return [...kept.slice(0, -1), { ...next, at: last.at }];
  }
  return [...kept, next];
}

/**
 * The server's readings (every 30 s over the last hours) before the screen's own: those older than the screen's first
 * reading, converted to the browser's clock ({@code serverOffsetMs}: server minus browser), then the screen's.
 */
export function withHistory(
  history: { at?: string | null; waiting?: number; answered?: number; abandoned?: number; answeredWithinServiceLevel?: number }[],
  local: Sample[],
  serverOffsetMs: number,
): Sample[] {
  const first = local[0]?.at ?? Number.POSITIVE_INFINITY;
  const before: Sample[] = [];
  for (const h of history) {
    const at = Date.parse(h.at ?? '') - serverOffsetMs;
    if (Number.isFinite(at) && at < first) {
      before.push({ at, waiting: h.waiting ?? 0, serviceLevel: serviceLevel(h.answeredWithinServiceLevel ?? 0, h.answered ?? 0, h.abandoned ?? 0) });
    }
  }
  return [...before, ...local];
}
