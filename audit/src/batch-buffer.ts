// A batch filled in shared memory on the deciding thread: its items' UTF-8 and their times, which the writer thread reads in place.
import type { Batch } from "./protocol.js";

const NEWLINE = 0x0a;

/**
 * One batch at a time, reused once the thread is done with it. Writing each item straight
 * into memory both threads see spares the deciding thread a join, an encoding of the whole
 * text, and a fresh buffer per batch: allocations that cost more than the copy.
 */
export class BatchBuffer {
  private items = new SharedArrayBuffer(64 * 1024);
  private bytes = Buffer.from(this.items);
  private times = new Float64Array(new SharedArrayBuffer(8 * 64));
  /** Bytes of `items` in use. */
  private length = 0;
  /** Items in the batch (entries and checkpoints). */
  count = 0;

  /** Adds an entry's data, written at `time`; returns its UTF-8 bytes. */
  entry(json: string, time: number): number {
    // Room for the most bytes a string of this length can take (3 per UTF-16 unit): counting them first would cost as much as copying them.
    const at = this.next(3 * json.length, time);
    const bytes = this.bytes.write(json, at);
    this.length += bytes;
    return bytes;
  }

  /** Adds a checkpoint, signed at `time`: an empty item. */
  checkpoint(time: number): void {
    this.next(0, time);
  }

  /** The message that hands the batch to the thread, which reads it where it is: nothing is added until the thread is done and `clear` was called. */
  message(then: Batch["then"]): Batch {
    return { items: this.items, length: this.length, times: this.times.buffer, count: this.count, ...(then ? { then } : {}) };
  }

  /** Empties the buffer, once the thread is done with its batch. */
  clear(): void {
    this.length = 0;
    this.count = 0;
  }

  /** Makes room for an item of up to `bytes` after a newline separating it from the one before, records its time, and says where it goes. */
  private next(bytes: number, time: number): number {
    if (this.count === this.times.length) {
      const times = new Float64Array(new SharedArrayBuffer(16 * this.count));
      times.set(this.times);
      this.times = times;
    }
    this.times[this.count] = time;
    if (this.count++ > 0) {
      this.grow(this.length + 1 + bytes);
      this.bytes[this.length++] = NEWLINE;
    } else {
      this.grow(bytes);
    }
    return this.length;
  }

  private grow(needed: number): void {
    if (needed <= this.bytes.length) return;
    const items = new SharedArrayBuffer(Math.max(needed, 2 * this.bytes.length));
    const bytes = Buffer.from(items);
    this.bytes.copy(bytes, 0, 0, this.length);
    this.items = items;
    this.bytes = bytes;
  }
}
