// A read-only map over other maps, without copying them: what it holds is defined by `get`, `has`, `size` and `entries`, and the rest of `ReadonlyMap` follows from `entries`.

/** The base of a map read through to others: a subclass says what it holds, and iteration follows its `entries`. */
export abstract class ReadThroughMap<K, V> implements ReadonlyMap<K, V> {
  abstract get size(): number;
  abstract get(key: K): V | undefined;
  abstract has(key: K): boolean;
  abstract entries(): MapIterator<[K, V]>;

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(visit: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.entries()) visit(value, key, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}
