/** Pure helpers of the desk's tickets (unit-tested). */

/** The SLA clock of a ticket: the time left until its due time, or how late it is. */
export function slaClock(dueAt: string | null | undefined, now: number, serverOffsetMs = 0): { ms: number; overdue: boolean } | null {
  if (!dueAt) {
    return null;
  }
  const left = new Date(dueAt).getTime() - (now + serverOffsetMs);
  return { ms: Math.abs(left), overdue: left < 0 };
}

/** Values of a category's own fields as the API takes them: empty ones left out, numbers as numbers. */
export function fieldValues(defs: { name?: string | null; type?: string | null }[], values: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of defs) {
    const v = values?.[d.name ?? ''];
    if (v === undefined || v === null || v === '') {
      continue;
    }
    out[d.name!] = d.type === 'NUMBER' ? Number(v) : v;
  }
  return out;
}

/** The form path of a server error's field: `fields.amount` → ['fields', 'amount']; others as they are. */
export function formPath(field: string): string | string[] {
  return field.startsWith('fields.') ? ['fields', field.substring(7)] : field;
}
