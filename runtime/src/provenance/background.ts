// Indexing of recorded content while the host is idle: `record` only queues its text, and this indexes the queue on later
// turns of the event loop (while an agent waits for its model), a bounded amount of work a turn.

/** Content whose indexing can be done in parts. */
export interface Deferred {
  /** Indexes queued texts, one at a time, until `units` code units are done or none is left; the code units done. */
  indexSome(units: number): number;
  /** Whether texts are still queued. */
  readonly queued: boolean;
}

/** Code units indexed a turn: about a millisecond of work, so a burst of outputs never holds the host's event loop long. */
const UNITS_PER_TURN = 64 * 1024;

const queue: (Deferred | undefined)[] = [];
let head = 0;
let scheduled = false;

// The host's schedulers, typed here: the runtime's own types assume no host (no Node, no DOM).
type Handle = { unref?: () => void } | number | undefined;
const host = globalThis as { setImmediate?: (run: () => void) => Handle; setTimeout?: (run: () => void, ms: number) => Handle };

/**
 * Runs `run` on a later turn: `setImmediate` runs after the turn's I/O (a request to the model is sent first); hosts
 * without it get a timer, and content in a host with neither is indexed when queried. The handle is unref'd: pending work never
 * keeps a process alive, as a query indexes what it needs itself.
 */
function later(run: () => void): boolean {
  const handle = host.setImmediate ? host.setImmediate(run) : host.setTimeout?.(run, 0);
  if (typeof handle === "object") handle.unref?.();
  return handle !== undefined;
}

/** Queues `work` to be indexed on a later turn: once per pending stretch (the caller queues it when it has nothing pending). */
export function indexLater(work: Deferred): void {
  if (!host.setImmediate && !host.setTimeout) return;
  queue.push(work);
  if (!scheduled) scheduled = later(turn);
}

function turn(): void {
  scheduled = false;
  let budget = UNITS_PER_TURN;
  while (head < queue.length && budget > 0) {
    const work = queue[head]!;
    try {
      budget -= work.indexSome(budget);
      if (work.queued) break;
    } catch {
      // Dropped from the queue: the next query of that content indexes it again, and a decision that fails there fails closed.
    }
    queue[head++] = undefined;
  }
  if (head === queue.length) {
    queue.length = 0;
    head = 0;
  } else scheduled = later(turn);
}
