import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

/**
 * Puts the server's {code, message, field} error on the form field it names (a dotted path such as
 * "skills.sales" becomes ['skills', 'sales']); true when it found a field to put it on, else the caller shows it.
 */
export function showOnField(form: FormInstance, e: unknown, known?: (name: (string | number)[]) => boolean): boolean {
  if (!(e instanceof ApiError) || !e.field) {
    return false;
  }
  const name = fieldPath(e.field);
  if (known && !known(name)) {
    return false;
  }
  form.setFields([{ name, errors: [e.message] }]);
  form.scrollToField(name);
  return true;
}

/** A server field ("skills.sales", "sections[0].items[2].weight") as a form field's name path. */
export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export { errorText } from '../api/client';

/** Skills (name → level 1-10) as the form's rows and back; empty names are dropped. */
export interface SkillRow {
  name?: string;
  level?: number;
}

export function skillRows(skills: Record<string, number> | null | undefined): SkillRow[] {
  return Object.entries(skills ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, level]) => ({ name, level }));
}

export function skillMap(rows: SkillRow[] | null | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows ?? []) {
    const n = r.name?.trim();
    if (n) {
      out[n] = r.level ?? 1;
    }
  }
  return out;
}

/** The fields of a form that changed against what was loaded: a PATCH sends only these. */
export function changed<T extends Record<string, unknown>>(before: Partial<T>, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(after[k] ?? null) !== JSON.stringify(before[k] ?? null)) {
      out[k] = after[k];
    }
  }
  return out;
}

/**
 * Tag colours whose text passes WCAG AA: Ant Design's light green, orange and cyan tags are about 3:1, so these are
 * solid (white text on a dark shade); its blue, purple and red tags pass as they are.
 */
export const AA = { green: '#237804', orange: '#ad4e00', cyan: '#006d75' };
