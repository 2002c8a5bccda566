import { describe, expect, it } from 'vitest';
import en from './en.json';
import zh from './zh-CN.json';
import adminEn from '../admin/locales/en.json';
import adminZh from '../admin/locales/zh-CN.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function placeholders(o: object): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (x: object, p: string) =>
    Object.entries(x).forEach(([k, v]) =>
      typeof v === 'object' && v !== null ? walk(v, `${p}${k}.`) : out.set(`${p}${k}`, [...String(v).matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort().join(',')),
    );
  walk(o, '');
  return out;
}

// the administration's strings come with its own chunk, merged into the same namespace: no key may be in both
describe.each([
  ['desk and wallboard', en, zh],
  ['administration', adminEn, adminZh],
])('locales of the %s', (_, en, zh) => {
  it('have the same keys in English and Simplified Chinese', () => {
    const e = keys(en);
    const z = keys(zh);
    expect(e.filter((k) => !z.includes(k))).toEqual([]);
    expect(z.filter((k) => !e.includes(k))).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const e = placeholders(en);
    const z = placeholders(zh);
    for (const [k, v] of e) {
      expect([k, z.get(k)]).toEqual([k, v]);
    }
  });

  it('have no empty text', () => {
    const empty = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? empty(v).map((x) => `${k}.${x}`) : String(v).trim() === '' ? [k] : []));
    expect(empty(en)).toEqual([]);
    expect(empty(zh)).toEqual([]);
  });
});

describe('administration strings', () => {
  it('take no key of the desk and wallboard', () => {
    const desk = keys(en);
    expect(keys(adminEn).filter((k) => desk.includes(k))).toEqual([]);
  });
});
