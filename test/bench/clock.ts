// Wall-clock and CPU time of a piece of work. CPU time is what a busy shared machine does not inflate.

/** How long something took: wall-clock, and CPU time (user + system, every thread of this process). */
export interface Elapsed {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** CPU time used by this process since `start` (a `process.cpuUsage()` reading), in milliseconds. */
export function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Runs `work` once and reports its result and how long it took. */
export function clock<T>(work: () => T): { readonly value: T; readonly elapsed: Elapsed } {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const value = work();
  return { value, elapsed: { wallMs: performance.now() - wall, cpuMs: cpuMsSince(cpu) } };
}
