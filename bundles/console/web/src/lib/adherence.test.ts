import { describe, expect, it } from 'vitest';
import { axisOf, hms, mappingOptions, ratio, spanBar, splitState } from './adherence';

describe('adherence helpers', () => {
  it('places spans on the axis to the second, clipped', () => {
    const axis: [string, string] = ['2026-12-14T08:00:00', '2026-12-14T09:00:00'];
    expect(spanBar({ from: '2026-12-14T08:15:00', to: '2026-12-14T08:30:00' }, ...axis)).toEqual({ left: 25, width: 25 });
    expect(spanBar({ from: '2026-12-14T07:00:00', to: '2026-12-14T08:00:36' }, ...axis)).toEqual({ left: 0, width: 1 });
    expect(spanBar({ from: '2026-12-14T09:00:00', to: '2026-12-14T10:00:00' }, ...axis)).toBeNull();
  });

  it('widens the axis to quarters around the schedule, within the day', () => {
    expect(axisOf([{ from: '2026-12-14T08:00', to: '2026-12-14T10:00' }, { from: '2026-12-14T10:00', to: '2026-12-14T17:10' }], [])).toEqual([
      '2026-12-14T07:45:00',
      '2026-12-14T17:30:00',
    ]);
    expect(axisOf([{ from: '2026-12-14T00:05', to: '2026-12-14T23:55' }], [])).toEqual(['2026-12-14T00:00:00', '2026-12-15T00:00:00']);
    expect(axisOf([], [{ from: '2026-12-14T12:01', to: '2026-12-14T12:02' }])).toEqual(['2026-12-14T11:45:00', '2026-12-14T12:30:00']);
    expect(axisOf([], [])).toBeNull();
  });

  it('writes seconds as hours, minutes and seconds', () => {
    expect(hms(0)).toBe('0:00');
    expect(hms(65)).toBe('1:05');
    expect(hms(3723)).toBe('1:02:03');
  });

  it('splits and offers mapping entries', () => {
    expect(splitState('NOT_READY:lunch')).toEqual({ state: 'NOT_READY', reason: 'lunch' });
    expect(splitState('READY')).toEqual({ state: 'READY', reason: null });
    expect(mappingOptions(['break'])).toContain('NOT_READY:break');
  });

  it('shows ratios as percentages in the page language', () => {
    expect(ratio(0.8333, 'en')).toBe('83.3%');
    expect(ratio(null, 'en')).toBe('–');
  });
});
