import { describe, expect, it } from 'vitest';
import { ERROR_CODES_ZH, errorMessage } from './errors';
// the API's error table, generated from the Java code and checked on every build
import table from '../../../../../docs/errors.md?raw';

describe("the server's refusals in Chinese", () => {
  it('have a sentence for every code the API can answer (docs/errors.md, generated from the code)', () => {
    const codes = [...table.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(300);
    expect(codes.filter((c) => !ERROR_CODES_ZH[c])).toEqual([]);
    // and no sentence for a code that is gone
    expect(Object.keys(ERROR_CODES_ZH).filter((c) => !codes.includes(c))).toEqual([]);
  });

  it("come first in Chinese, the server's specifics after them; English as the server says it", () => {
    expect(errorMessage('agent_busy', 'agent li@south is on a call', 'zh-CN')).toBe(`${ERROR_CODES_ZH.agent_busy}：agent li@south is on a call`);
    expect(errorMessage('agent_busy', 'agent li@south is on a call', 'en')).toBe('agent li@south is on a call');
    expect(errorMessage('http_502', 'Bad Gateway', 'zh-CN')).toBe('Bad Gateway');
    expect(errorMessage('agent_busy', '', 'zh-CN')).toBe(ERROR_CODES_ZH.agent_busy);
  });
});
