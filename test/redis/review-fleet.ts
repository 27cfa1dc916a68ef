// Runs long-lived worker processes (test/redis/review-worker.ts) that approve and decide through one Redis, each batch started in all of them at once.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Approval, Decision, ReviewState } from "@apol/runtime";
import { compiledModuleUrl } from "../harness/compiled-module.js";
import { paymentsPolicy } from "./policies.js";

const worker = fileURLToPath(new URL("./review-worker.ts", import.meta.url));

/** One thing a worker does: add an approval to a review, or decide a request. */
export type ReviewJob = { readonly approve: string; readonly approval: Approval } | { readonly decide: unknown };

/** What a job came to: the review's state, the decision, or what the worker threw. */
export type ReviewResult = ReviewState | Decision | { readonly error: string };

/** What a worker says: once connected, once it holds a batch, and when the batch is done. */
export type WorkerMessage = { readonly ready: true } | { readonly armed: true } | { readonly results: readonly ReviewResult[] };

/** What the fleet tells a worker: the batch to hold, then when to start it. */
export type FleetCommand = { readonly jobs: readonly ReviewJob[] } | "go";

/** A worker's messages in the order they came, and its exit. */
class Inbox {
  private readonly queued: WorkerMessage[] = [];
  private waiting: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void } | undefined;
  private exited: Error | undefined;

  constructor(readonly child: ChildProcess) {
    child.on("message", (m) => {
      const message = m as WorkerMessage;
      if (this.waiting) this.waiting.resolve(message);
      else this.queued.push(message);
      this.waiting = undefined;
    });
    child.once("exit", (code, signal) => {
      this.exited = new Error(`a review worker exited (${signal ?? code}) before answering`);
      this.waiting?.reject(this.exited);
      this.waiting = undefined;
    });
  }

  next(): Promise<WorkerMessage> {
    const message = this.queued.shift();
    if (message) return Promise.resolve(message);
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }
}

/** Worker processes sharing one Redis, each with its own store and enforcer of `paymentsPolicy`. */
export class ReviewFleet {
  private constructor(private readonly inboxes: readonly Inbox[]) {}

  /** Starts `size` workers that trust the approvers' public keys (PEM, by name), and waits until every one is connected. */
  static async start(url: string, size: number, publicKeys: Readonly<Record<string, string>>): Promise<ReviewFleet> {
    const policy = await compiledModuleUrl(paymentsPolicy, "payments.apol");
    const inboxes = Array.from({ length: size }, () => {
      const child = fork(worker, [url, JSON.stringify(publicKeys), policy], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
      return new Inbox(child);
    });
    const fleet = new ReviewFleet(inboxes);
    try {
      await fleet.expectFromAll("ready");
    } catch (error) {
      await fleet.stop();
      throw error;
    }
    return fleet;
  }

  get size(): number {
    return this.inboxes.length;
  }

  /**
   * Hands worker `i` the jobs `batches[i]`, waits until all hold theirs, starts them
   * together (each worker runs its jobs concurrently), and returns each worker's results in job order.
   */
  async run(batches: readonly (readonly ReviewJob[])[]): Promise<ReviewResult[][]> {
    if (batches.length !== this.inboxes.length) throw new Error(`${batches.length} batches for ${this.inboxes.length} workers`);
    this.inboxes.forEach((inbox, i) => send(inbox.child, { jobs: batches[i]! }));
    await this.expectFromAll("armed");
    for (const inbox of this.inboxes) send(inbox.child, "go");
    const replies = await this.expectFromAll("results");
    return replies.map((r) => [...(r as { results: readonly ReviewResult[] }).results]);
  }

  /** Disconnects every worker (each then closes its store and exits) and waits for them to exit. */
  async stop(): Promise<void> {
    await Promise.all(
      this.inboxes.map(({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        const exited = new Promise((resolve) => child.once("exit", resolve));
        if (child.connected) child.disconnect();
        else child.kill();
        return exited;
      }),
    );
  }

  private async expectFromAll(key: "ready" | "armed" | "results"): Promise<WorkerMessage[]> {
    const messages = await Promise.all(this.inboxes.map((inbox) => inbox.next()));
    const wrong = messages.find((m) => !(key in m));
    if (wrong) throw new Error(`a review worker answered ${JSON.stringify(wrong)} where \`${key}\` was expected`);
    return messages;
  }
}

function send(child: ChildProcess, command: FleetCommand): void {
  child.send(command);
}
