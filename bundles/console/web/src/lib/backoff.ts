/** Delay before the n-th reconnection attempt (0-based): 1 s doubling to 30 s, with up to 20 % jitter so clients spread out. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (1 - 0.2 * random()));
}
