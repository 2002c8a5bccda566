/** Pure helpers of the desk's screen pop (unit-tested without the page). */
import type { ScreenPop } from './useMyEvents';

/** What the pop's call data says, in a stable order: the IVR's collected values first, then the rest. */
export function popData(pop: ScreenPop): [string, string][] {
  const data = (pop.callData ?? {}) as Record<string, unknown>;
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(data)) {
    if (k.startsWith('data.')) {
      out.push([k.substring(5), String(v)]);
    }
  }
  for (const [k, v] of Object.entries(data)) {
    if (!k.startsWith('data.') && k !== 'ivr.path') {
      out.push([k, String(v)]);
    }
  }
  return out;
}
