// A checked policy's map read through to each rule's own check, so re-checking the rule an edit touched shares every other rule's entries instead of copying them.
import type { Span } from "../source/span.js";
import { ReadThroughMap } from "./read-through-map.js";

/** One rule's entries, and where the rule stands: every key of `map` is a node of the rule, inside `span`. */
export interface RuleLayer<K, V> {
  readonly span: Span;
  readonly map: ReadonlyMap<K, V>;
}

/**
 * The entries of `base` (what the run itself recorded: predicates, tests) and of every rule's
 * layer, which hold disjoint keys. A key is looked up in the layer of the rule whose span holds
 * it (the layers are in source order, as the rules are), so a lookup costs a binary search, not
 * a copy of every rule's entries per run; a key found in no such layer is looked for in all.
 */
export class LayeredMap<K extends { readonly span: Span }, V> extends ReadThroughMap<K, V> {
  constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly layers: readonly RuleLayer<K, V>[],
  ) {
    super();
  }

  get size(): number {
    let size = this.base.size;
    for (const layer of this.layers) size += layer.map.size;
    return size;
  }

  get(key: K): V | undefined {
    return this.holder(key)?.get(key);
  }

  has(key: K): boolean {
    return this.holder(key) !== undefined;
  }

  *entries(): MapIterator<[K, V]> {
    yield* this.base.entries();
    for (const layer of this.layers) yield* layer.map.entries();
  }

  /** The map that holds `key`, if any. */
  private holder(key: K): ReadonlyMap<K, V> | undefined {
    if (this.base.has(key)) return this.base;
    const at = key.span.start;
    let lo = 0;
    let hi = this.layers.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.layers[mid] as RuleLayer<K, V>).span.start <= at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const layer = this.layers[found];
    if (layer?.map.has(key)) return layer.map;
    // Not where its span says (a key the checker made outside its rule, or none at all): correct before fast.
    for (const other of this.layers) if (other.map.has(key)) return other.map;
    return undefined;
  }
}
