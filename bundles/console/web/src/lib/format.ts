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

/** The tenant's time zone, set from the session: dates and "today" are shown in it (the browser's when unknown). */
let tenantZone: string | undefined;

export function setTenantZone(zone: string | null | undefined): void {
  tenantZone = undefined;
  if (zone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      tenantZone = zone;
    } catch {
      // an unknown zone: the browser's
    }
  }
}

export function getTenantZone(): string | undefined {
  return tenantZone;
}

/**
 * Today's date (YYYY-MM-DD) in {@code zone} — the tenant's by default, the browser's without one: what a date range the
 * server reads in the company's time zone must end on. (In Shanghai a browser on UTC is still on yesterday until 08:00.)
 */
export function todayIn(zone: string | undefined = tenantZone, now: number = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
}

/** A date and time, short, in the tenant's time zone. */
export function dateTime(at: string | Date, locale: string, zone: string | undefined = tenantZone): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: zone }).format(typeof at === 'string' ? new Date(at) : at);
}

/** A date, short, in the tenant's time zone. */
export function dateOnly(at: string | Date, locale: string, zone: string | undefined = tenantZone): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone: zone }).format(typeof at === 'string' ? new Date(at) : at);
}

/**
 * The instant the day of {@code now} began in {@code zone} (the browser's when undefined): the zone's midnight, with
 * the zone's offset at {@code now} (a day that changes its offset is off by that change until it is over).
 */
export function dayStart(now: number, zone?: string): number {
  if (!zone) {
    const d = new Date(now);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  }
  const parts: Record<string, number> = {};
  for (const p of new Intl.DateTimeFormat('en-US', {
    timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
  }).formatToParts(now)) {
    parts[p.type] = Number(p.value);
  }
  const [year, month, day] = [parts['year'] ?? 1970, parts['month'] ?? 1, parts['day'] ?? 1];
  const wall = Date.UTC(year, month - 1, day, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  const offset = Math.round((wall - Math.floor(now / 1000) * 1000) / 60_000) * 60_000;
  return Date.UTC(year, month - 1, day) - offset;
}
