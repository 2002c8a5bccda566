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
