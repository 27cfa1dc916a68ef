// Where a log's chain stands, in memory both threads see: the next record's `seq` and `prev`, for whichever thread writes next.
const PREV = 8;

/**
 * The head of a chain. Batches go to the writer thread, but a `flush` with none on its way
 * writes on the deciding thread, so each writer takes the head up where the other left it.
 * The two never write at once: the deciding thread writes only while the thread has no batch.
 */
export class ChainHead {
  private readonly seq: BigInt64Array;
  private readonly prev: Buffer;

  constructor(readonly memory: SharedArrayBuffer) {
    this.seq = new BigInt64Array(memory, 0, 1);
    this.prev = Buffer.from(memory, PREV, 64);
  }

  /** A head in fresh shared memory. */
  static at(seq: number, prev: string): ChainHead {
    const head = new ChainHead(new SharedArrayBuffer(PREV + 64));
    head.set(seq, prev);
    return head;
  }

  /** The next record's `seq` and `prev`. */
  get(): { readonly seq: number; readonly prev: string } {
    // Read first, stored last: an atomic pair that makes the other thread's `prev` visible here.
    const seq = Number(Atomics.load(this.seq, 0));
    return { seq, prev: this.prev.toString("latin1") };
  }

  set(seq: number, prev: string): void {
    this.prev.write(prev, "latin1");
    Atomics.store(this.seq, 0, BigInt(seq));
  }
}
