// Reads a host-built value once into plain data, so the values decided on are the values validated and the log can always spell them.

/** How deep a request may nest: JSON tool arguments nest a few levels, and every walk over a request (validation, `==`, digests, the log) stays far from the stack's limit. */
export const MAX_DEPTH = 64;
/** How many values (objects, arrays, elements, fields) a request may hold: shared sub-objects cannot make a walk exponential. */
export const MAX_VALUES = 1_000_000;

/** What stands in the copy for what could not be copied, so the log shows where a request was not data. */
export const NOT_DATA = {
  deep: `[not data: nested deeper than ${MAX_DEPTH} levels]`,
  large: `[not data: more than ${MAX_VALUES} values]`,
  cycle: "[not data: contains itself]",
  hole: "[not data: a hole in a sparse array]",
  unreadable: "[not data: unreadable]",
} as const;

/** Whether `value` is a marker the copy put where the original was not data (or text an agent spelt like one). */
export function isMarker(value: unknown): boolean {
  return typeof value === "string" && value.startsWith("[not data: ");
}

/** A value read once: `value` is plain data (fresh objects and arrays holding what was read, no cycles, at most `MAX_DEPTH` deep). */
export interface Plain {
  readonly value: unknown;
  /** Why the original is not plain data (where, and what), when it is not: `value` then holds markers (`NOT_DATA`) where it was not. */
  readonly problem?: string;
}

/**
 * Copies `value`, reading each own enumerable property exactly once (a getter is called once, a Proxy
 * answers each question once, and the copy keeps what they answered). Holes in arrays, cycles, bigints,
 * functions, symbols, nesting deeper than `MAX_DEPTH`, more than `MAX_VALUES` values and anything that
 * throws while being read are a `problem`, named from `root` (`request.args.to`); never throws.
 */
export function plainCopy(value: unknown, root: string): Plain {
  // INVARIANT (read-once): every property is read by one spread or one indexed read, and the copy holds data properties only.
  // One walk serves every copy (every request is copied, so its allocation shows); a getter that copies again gets its own.
  const walk = idle ?? new Walk();
  idle = undefined;
  const copy = walk.start(value, root);
  idle = walk;
  return walk.problem === undefined ? { value: copy } : { value: copy, problem: walk.problem };
}

let idle: Walk | undefined;

/** A copy in progress. */
class Walk {
  problem: string | undefined;
  private what = "";
  private left = MAX_VALUES;
  /**
   * The keys from the problem's value up to the root, gathered as the walk returns from it: spelling
   * the path to every value would cost more than the copy.
   */
  private readonly path: (string | number)[] = [];
  /** The depth of the value whose key `path` takes next: the problem's depth, then each parent's in turn; -1 with no problem. */
  private pathDepth = -1;
  /** The objects open above the current one, the one at depth `d` at index `d`: at most `MAX_DEPTH`, so a list beats a `Set` here. */
  private readonly open: (object | undefined)[] = [];
  /** Which of the sites that spread `args` copies this request's (`spread`): its tool name's length. */
  private site = 0;

  /** Copies `value` from scratch. */
  start(value: unknown, root: string): unknown {
    this.what = "";
    this.left = MAX_VALUES;
    // Setting an array's length is a slow call even when it changes nothing, and a path is only ever left by a problem.
    if (this.path.length !== 0) this.path.length = 0;
    this.pathDepth = -1;
    const copy = this.copy(value, 0, undefined);
    if (this.what === "") this.problem = undefined;
    else
      this.problem = `\`${root}${this.path
        .reverse()
        .map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`))
        .join("")}\` ${this.what}`;
    return copy;
  }

  /** A marker for what is not data, noting the first problem (the value at `depth`). */
  private fail(depth: number, what: string, marker: string): string {
    if (this.what === "") {
      this.what = what;
      this.pathDepth = depth;
    }
    return marker;
  }

  /** After the child under `key` of a value at `depth`: its key joins the problem's path when the problem is in it. */
  private up(depth: number, key: string | number): void {
    if (this.pathDepth === depth + 1) {
      this.path.push(key);
      this.pathDepth = depth;
    }
  }

  /** The marker for a value at `depth` that threw while its property `key` (or, without one, the value itself) was read. */
  private unreadable(error: unknown, depth: number, key: string | number | undefined): string {
    const marker = this.fail(key === undefined ? depth : depth + 1, `could not be read: ${describe(error)}`, NOT_DATA.unreadable);
    if (key !== undefined) this.up(depth, key);
    return marker;
  }

  /** Copies `value`, found at `depth` under `key` (the root has none). */
  private copy(value: unknown, depth: number, key?: string | number): unknown {
    if (--this.left < 0) return this.fail(depth, `is part of a value with more than ${MAX_VALUES} values`, NOT_DATA.large);
    switch (typeof value) {
      case "string":
      case "number":
      case "boolean":
      case "undefined":
        return value;
      case "object":
        if (value === null) return null;
        break;
      default:
        return this.fail(depth, `is a ${typeof value}, which is not data`, `[not data: a ${typeof value}]`);
    }
    if (depth >= MAX_DEPTH) return this.fail(depth, `is nested deeper than ${MAX_DEPTH} levels`, NOT_DATA.deep);
    const open = this.open;
    for (let i = 0; i < depth; i++) if (open[i] === value) return this.fail(depth, "contains itself", NOT_DATA.cycle);
    open[depth] = value;
    let copy: unknown;
    try {
      copy = Array.isArray(value) ? this.list(value, depth) : this.record(value, depth, key);
    } catch (error) {
      // `Array.isArray` of a revoked Proxy throws; `list` and `record` catch what their reads throw.
      copy = this.unreadable(error, depth, undefined);
    }
    open[depth] = undefined;
    return copy;
  }

  private list(value: readonly unknown[], depth: number): unknown {
    const out: unknown[] = [];
    let reading: number | undefined;
    try {
      const length = value.length;
      for (let i = 0; i < length; i++) {
        if (this.left <= 0) {
          out.push(this.fail(depth + 1, `is part of a value with more than ${MAX_VALUES} values`, NOT_DATA.large));
          this.up(depth, i);
          break;
        }
        reading = i;
        const item = Object.hasOwn(value, i) ? value[i] : HOLE;
        reading = undefined;
        out.push(item === HOLE ? this.fail(depth + 1, "is a hole: arrays must not be sparse", NOT_DATA.hole) : this.copy(item, depth + 1, i));
        this.up(depth, i);
      }
    } catch (error) {
      return this.unreadable(error, depth, reading);
    }
    return out;
  }

  private record(value: object, depth: number, key: string | number | undefined): unknown {
    let out: Record<string, unknown>;
    try {
      out = this.spread(value, depth, key);
    } catch (error) {
      return this.unreadable(error, depth, undefined);
    }
    if (depth === 0) {
      // The copy is data: reading its `tool` calls nothing of the caller's, nor, unless it lends one, the prototype's.
      const tool = "tool" in Object.prototype ? undefined : out.tool;
      this.site = typeof tool === "string" ? tool.length & 3 : 0;
    }
    // `for...in` reads the copy's keys without an array per object; a polluted `Object.prototype` (a getter above may
    // have just polluted it) lends it keys too, which `hasOwn` then skips. Checked once here: the keys are taken at the loop's start.
    const lent = pollutes();
    for (const key in out) {
      if (lent && !Object.hasOwn(out, key)) continue;
      const item = out[key];
      const type = typeof item;
      if (type === "string" || type === "number" || type === "boolean" || type === "undefined") {
        if (--this.left >= 0) continue;
        out[key] = this.fail(depth + 1, `is part of a value with more than ${MAX_VALUES} values`, NOT_DATA.large);
      } else out[key] = this.copy(item, depth + 1, key);
      this.up(depth, key);
    }
    return out;
  }

  /**
   * `{ ...value }` for an object at `depth` under `key`. Spreading reads each own enumerable property once (a getter, a
   * Proxy's traps), into an ordinary object with data properties only, and is far cheaper than defining them one by one;
   * `__proto__` stays an own key. The spreads are alike, but each is its own site: V8 caches how to copy an object per
   * site and by the object's shape, and a site that sees more than four shapes copies each the slow way (several times
   * slower). Requests and identity parts have few shapes; arguments have one per tool, so they are spread out over
   * four sites by the length of their tool's name (`site`), which costs nothing to read: a site holds every call of a
   * tool, so all of its arguments' shapes, and the peer benchmark's eleven shapes of arguments at most three per site.
   */
  private spread(value: object, depth: number, key: string | number | undefined): Record<string, unknown> {
    if (depth === 0) return { ...value };
    if (depth !== 1) return { ...value };
    if (key !== "args") return { ...value };
    switch (this.site) {
      case 0:
        return { ...value };
      case 1:
        return { ...value };
      case 2:
        return { ...value };
      default:
        return { ...value };
    }
  }
}

/** Whether `Object.prototype` has enumerable properties, which `for...in` over a plain object would visit. */
function pollutes(): boolean {
  for (const _ in EMPTY) return true;
  return false;
}
const EMPTY = Object.freeze({});

/** What a list read at a hole: no value an array can hold. */
const HOLE = Symbol("hole");

/** The message of anything thrown, without trusting it to be printable. */
export function describe(error: unknown): string {
  try {
    return String(error instanceof Error ? error.message : error);
  } catch {
    return "an unprintable error";
  }
}
