/**
 * A recording's waveform: each channel's samples folded into one (min, max) pair per column of the drawing, and the
 * arithmetic between a column, a moment of the call and a marker's place.
 */
export interface Peak {
  min: number;
  max: number;
}

/** {@code samples} (-1..1) folded into {@code columns} pairs; an empty channel gives flat zeroes. */
export function peaks(samples: ArrayLike<number>, columns: number): Peak[] {
  const out: Peak[] = [];
  const per = samples.length / Math.max(1, columns);
  for (let c = 0; c < columns; c++) {
    const from = Math.floor(c * per);
    const to = Math.max(from + 1, Math.floor((c + 1) * per));
    let min = 0;
    let max = 0;
    for (let i = from; i < to && i < samples.length; i++) {
      const v = samples[i] ?? 0;
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
    out.push({ min, max });
  }
  return out;
}

/** The moment (ms from the start) at {@code x} pixels of a drawing {@code width} wide, within the call. */
export function msAt(x: number, width: number, durationMs: number): number {
  if (width <= 0 || durationMs <= 0) {
    return 0;
  }
  return Math.round(Math.min(1, Math.max(0, x / width)) * durationMs);
}

/** Where a moment falls on a drawing {@code width} wide. */
export function xAt(ms: number, width: number, durationMs: number): number {
  return durationMs <= 0 ? 0 : Math.min(width, Math.max(0, (ms / durationMs) * width));
}

/** A moment as m:ss.t (a marker's label: tenths, since a marker is set to the tenth of a second). */
export function clock(ms: number): string {
  const tenths = Math.floor(ms / 100);
  const s = Math.floor(tenths / 10);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}.${tenths % 10}`;
}
