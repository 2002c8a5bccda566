import { describe, expect, it } from 'vitest';
import { adminPage, parseRoute, screenOf } from '../lib/route';
import { changed, skillMap, skillRows } from './forms';
import { adminPages } from './pages';
import type { SessionInfo } from '../api/session';

function session(operator: boolean, can: string[], tenantId: string | null = operator ? null : 'acme'): SessionInfo {
  return { user: { id: 'u', login: 'x', tenantId, roles: [], operator }, can, csrfToken: 't' } as unknown as SessionInfo;
}

describe('routes', () => {
  it('know the administration pages', () => {
    expect(parseRoute('/console/admin/tenants')).toBe('admin/tenants');
    expect(parseRoute('/console/admin/')).toBe('admin');
    expect(parseRoute('/console/admin/../x')).toBe('home');
    expect(parseRoute('/console/admin/Tenants')).toBe('home');
    expect(screenOf('admin/users')).toBe('admin');
    expect(adminPage('admin/users')).toBe('users');
    expect(adminPage('wallboard')).toBeNull();
  });
});

describe('admin pages', () => {
  it('are those the user may open', () => {
    expect(adminPages(session(true, [])).map((p) => p.key)).toEqual(['tenants', 'seats', 'users', 'teams', 'queues']);
    expect(adminPages(session(false, ['users:write', 'queues:write'])).map((p) => p.key)).toEqual(['users', 'queues']);
    // a company's administrator: its seat map among the company's pages, after its users and teams
    expect(adminPages(session(false, ['users:write', 'teams:write', 'seats:write'])).map((p) => p.key)).toEqual(['users', 'teams', 'seats']);
    expect(adminPages(session(false, ['agents:self']))).toEqual([]);
  });
});

describe('forms', () => {
  it('turn skills into rows and back, dropping empty names', () => {
    expect(skillRows({ sales: 5, billing: 3 })).toEqual([
      { name: 'billing', level: 3 },
      { name: 'sales', level: 5 },
    ]);
    expect(skillMap([{ name: ' 销售 ', level: 7 }, { name: '', level: 2 }, { name: 'en' }])).toEqual({ 销售: 7, en: 1 });
    expect(skillRows(null)).toEqual([]);
  });

  it('send only what changed', () => {
    expect(changed({ a: 1, b: 'x', c: undefined }, { a: 1, b: 'y', c: null })).toEqual({ b: 'y' });
  });
});
