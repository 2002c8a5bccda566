/** Formatting of durations, rates and times for the console (pure: unit-tested). */

/** A duration as m:ss, or h:mm:ss from an hour on; negative durations (clock skew) count as 0. */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Service level: answered within the threshold over answered plus abandoned, in percent; null when nothing was offered yet. */
export function serviceLevel(answeredWithin: number, answered: number, abandoned: number): number | null {
  const base = answered + abandoned;
  return base === 0 ? null : Math.round((answeredWithin / base) * 1000) / 10;
}

/** A percentage in the user's locale (e.g. 87.5 %), or a dash. */
export function percent(value: number | null, locale: string): string {
  return value === null ? '–' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

/** A time of day in a time zone (the tenant's), in the user's locale. */
export function clock(at: Date | string, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(
    typeof at === 'string' ? new Date(at) : at,
  );
}

/** Milliseconds since an instant, against a clock offset measured from the server (server minus browser). */
export function since(at: string | null | undefined, now: number, serverOffsetMs = 0): number {
  return at ? now + serverOffsetMs - Date.parse(at) : 0;
}

/**
 * When a callback is due, as the customer's clock shows it (its time zone named), and whether that time has passed.
 * An unknown zone falls back to UTC rather than failing the list.
 */
export function dueLabel(at: string, zone: string, locale: string, now: number): { text: string; overdue: boolean } {
  const when = new Date(at);
  let tz = zone;
  try {
    new Intl.DateTimeFormat(locale, { timeZone: tz });
  } catch {
    tz = 'UTC';
  }
  const text = new Intl.DateTimeFormat(locale, { timeZone: tz, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(when);
  return { text: `${text} (${tz})`, overdue: when.getTime() < now };
}
