// The one rule about a request's time that every store applies: it must be near the store's own clock.

/**
 * Why a request at `now` is refused by a store whose clock reads `storeTime`: it is more than
 * `toleranceMs` away, so its windows and pruning would move a shared session by that much.
 * Undefined when it is near enough, or when `now` is not a finite time (then no window is read at all).
 */
export function clockSkew(now: number, storeTime: number, toleranceMs: number): string | undefined {
  // INVARIANT (one-clock): a request is judged against the store's clock, so no request's time can expire another session.
  const off = now - storeTime;
  if (!Number.isFinite(now) || Math.abs(off) <= toleranceMs) return undefined;
  return `\`now\` is ${Math.round(Math.abs(off) / 1000)} s ${off > 0 ? "ahead of" : "behind"} the store's clock, more than the ${toleranceMs} ms allowed`;
}
