import { dateTime } from './format';

type T = (key: string, options?: Record<string, unknown>) => string;

/**
 * One line of a customer's history in the reader's language: an outcome (DISPOSITION) is written from its data — the
 * label, the note, and a callback's time on the customer's clock (its zone named) — not from the server's English
 * summary; other kinds keep their summary.
 */
export function historyText(h: { kind?: string | null; summary?: string | null; data?: Record<string, unknown> | null }, t: T, locale: string): string {
  const d = h.data ?? {};
  if (h.kind !== 'DISPOSITION' || typeof d.label !== 'string') {
    return h.summary ?? '';
  }
  let line = t('pop.outcome', { label: d.label });
  if (typeof d.note === 'string' && d.note.trim() !== '') {
    line += `: ${d.note}`;
  }
  if (typeof d['callback.at'] === 'string') {
    const zone = typeof d['callback.zone'] === 'string' ? d['callback.zone'] : undefined;
    let time: string;
    try {
      time = dateTime(d['callback.at'], locale, zone);
    } catch {
      time = dateTime(d['callback.at'], locale); // an unknown zone: the tenant's
    }
    line += ` (${t('pop.callbackAt', { time, zone: zone ?? '' })})`;
  }
  return line;
}
