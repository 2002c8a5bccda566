/** Pure helpers of schedules: shifts as local date-times ("2026-12-14T09:00"), moved, drawn and written (tested). */
import dayjs from 'dayjs';

export interface ActivityLike {
  kind?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface ShiftLike {
  id?: string | null;
  agentUserId?: string | null;
  template?: string | null;
  start?: string | null;
  end?: string | null;
  activities?: ActivityLike[] | null;
  status?: string | null;
}

const LOCAL = 'YYYY-MM-DDTHH:mm';

/** A shift moved by {@code minutes} (negative: earlier), its activities with it: the body of PUT shifts/{id}. */
export function moved(s: ShiftLike, minutes: number): { agentUserId?: string | null; template?: string | null; start: string; end: string; activities: { kind: string; from: string; to: string }[] } {
  const by = (t: string | null | undefined) => dayjs(t ?? '').add(minutes, 'minute').format(LOCAL);
  return {
    agentUserId: s.agentUserId,
    template: s.template,
    start: by(s.start),
    end: by(s.end),
    activities: (s.activities ?? []).map((a) => ({ kind: a.kind ?? 'CALLS', from: by(a.from), to: by(a.to) })),
  };
}

/** The seven days of the week that holds {@code day}, Monday first, as yyyy-MM-dd. */
export function weekOf(day: string): string[] {
  const d = dayjs(day);
  const monday = d.subtract((d.day() + 6) % 7, 'day');
  return Array.from({ length: 7 }, (_, i) => monday.add(i, 'day').format('YYYY-MM-DD'));
}

/** "09:00–13:00" (an end at midnight is 24:00). */
export function hours(s: ShiftLike): string {
  const start = dayjs(s.start ?? '');
  const end = dayjs(s.end ?? '');
  const endText = end.isAfter(start, 'day') && end.hour() === 0 && end.minute() === 0 ? '24:00' : end.format('HH:mm');
  return `${start.format('HH:mm')}–${endText}`;
}

/**
 * Where an activity sits on a day's axis from {@code fromHour} to {@code toHour}: left and width in percent, clipped
 * to the axis; null when it lies outside it.
 */
export function bar(a: ActivityLike, day: string, fromHour: number, toHour: number): { left: number; width: number } | null {
  const axisStart = dayjs(day).add(fromHour, 'hour');
  const span = (toHour - fromHour) * 60;
  const from = Math.max(0, dayjs(a.from ?? '').diff(axisStart, 'minute'));
  const to = Math.min(span, dayjs(a.to ?? '').diff(axisStart, 'minute'));
  if (to <= from) return null;
  return { left: (from / span) * 100, width: ((to - from) / span) * 100 };
}

/** The hours a day's axis shows: from the earliest shift's hour to the latest end, at least 08:00–18:00. */
export function axisHours(shifts: ShiftLike[], day: string): [number, number] {
  let from = 8;
  let to = 18;
  for (const s of shifts) {
    if (!(s.start ?? '').startsWith(day)) continue;
    const start = dayjs(s.start ?? '');
    const end = dayjs(s.end ?? '');
    from = Math.min(from, start.hour());
    to = Math.max(to, end.isAfter(start, 'day') ? 24 : end.hour() + (end.minute() > 0 ? 1 : 0));
  }
  return [from, to];
}

/** A day as a short heading in the page's language: "Mon, 12/14" / "12月14日周一". */
export function dayLabel(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)));
}
