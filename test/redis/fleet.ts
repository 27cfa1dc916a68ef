// Runs a fleet of worker processes (test/redis/worker.ts) against one Redis, started together, and collects their tallies.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { compiledModuleUrl } from "../harness/compiled-module.js";
import { busyPolicy, mailPolicy } from "./policies.js";

const worker = fileURLToPath(new URL("./worker.ts", import.meta.url));

/** What one worker reports. */
export interface Tally {
  readonly allowed: number;
  readonly rules: Readonly<Record<string, number>>;
  readonly stats: { readonly transactions: number; readonly roundTrips: number; readonly conflicts: number };
  readonly ms: number;
}

/** What the fleet does: each of `workers` processes decides `calls` mails, `concurrency` at a time. */
export interface FleetPlan {
  readonly url: string;
  readonly session: string;
  readonly workers: number;
  readonly calls: number;
  readonly concurrency: number;
  /** The requests' time. */
  readonly now: number;
  /** Each lane of each worker in its own session, instead of all in one. */
  readonly spread: boolean;
  /** Enforce a limit never reached, so every call is allowed and commits (the worst case for contention). */
  readonly busy?: boolean;
}

/** Starts the workers, waits until every one is connected, lets them all go at once, and returns their tallies. */
export async function runFleet(plan: FleetPlan): Promise<Tally[]> {
  const policy = await compiledModuleUrl(plan.busy ? busyPolicy : mailPolicy, "mail.apol");
  const children = Array.from({ length: plan.workers }, (_, i) => {
    const session = plan.spread ? `${plan.session}-w${i}` : plan.session;
    const args = [plan.url, session, String(plan.calls), String(plan.concurrency), String(plan.now), plan.spread ? "1" : "0", policy];
    return fork(worker, args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  });
  const message = (child: (typeof children)[number]) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      child.once("message", (m) => resolve(m as Record<string, unknown>));
      child.once("exit", (code) => reject(new Error(`a worker exited with ${code} before reporting`)));
    });
  await Promise.all(children.map(message));
  const results = children.map(message);
  for (const child of children) child.send("go");
  return (await Promise.all(results)) as unknown as Tally[];
}
