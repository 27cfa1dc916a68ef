// The review desk's latencies on loopback: a review opening to its webhook notification, and the last signature to the waiting agent's release.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { signApproval } from "@apol/audit";
import { guard } from "@apol/runtime";
import { listen } from "@apol/review-desk";
import { deskFixture } from "../review-desk/fixture.js";
import type { Target } from "./results.js";
import { median, quantile } from "./stats.js";

/** One latency: its samples' median and worst, in milliseconds. */
export interface DeskLatency {
  readonly name: string;
  readonly samples: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface DeskReport {
  readonly pollMs: number;
  readonly guardPollMs: number;
  readonly latencies: readonly DeskLatency[];
}

const TARGET_MS = 1000;

function summarize(name: string, samples: number[]): DeskLatency {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, samples: samples.length, medianMs: median(sorted), p95Ms: quantile(sorted, 0.95), maxMs: sorted.at(-1)! };
}

/** Runs `rounds` reviews through a desk with its default poll (250 ms) and `guard`'s default wait poll (500 ms). */
export async function benchDesk(rounds: number): Promise<DeskReport> {
  let notified: (() => void) | undefined;
  const hook = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      notified?.();
      response.end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, "127.0.0.1", resolve));
  const f = await deskFixture({ pollMs: 250, webhooks: [{ url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/`, group: "finance" }] });
  const served = await listen(f.desk);
  const toNotify: number[] = [];
  const toRelease: number[] = [];
  try {
    const as = (name: "cfo" | "controller") => ({ authorization: `Bearer ${f.tokens[name]}` });
    const csrf = async (name: "cfo" | "controller") =>
      ((await (await fetch(`${served.url}/api/session`, { headers: as(name) })).json()) as { csrf: string }).csrf;
    const tokens = { cfo: await csrf("cfo"), controller: await csrf("controller") };
    await f.desk.poll();
    for (let i = 0; i < rounds; i++) {
      const heard = new Promise<number>((resolve) => (notified = () => resolve(performance.now())));
      let ran: (at: number) => void = () => {};
      const released = new Promise<number>((resolve) => (ran = resolve));
      const opened = performance.now();
      const waiting = guard(f.enforcer, {
        tool: "pay",
        session: `bench-${i}`,
        args: { iban: "DE89370400440532013000", amount: 500 + i, memo: `round ${i}` },
        review: { wait: true },
        run: () => ran(performance.now()),
      });
      toNotify.push((await heard) - opened);
      const [row] = ((await (await fetch(`${served.url}/api/reviews`, { headers: as("cfo") })).json()) as { reviews: { review: string }[] }).reviews;
      const detail = (await (await fetch(`${served.url}/api/reviews/${row!.review}`, { headers: as("cfo") })).json()) as { review: string; digest: string };
      let signed = 0;
      for (const name of ["cfo", "controller"] as const) {
        const body = JSON.stringify({ digest: detail.digest, signature: signApproval(f.keys[name].privateKey, detail.review, detail.digest, name).signature });
        signed = performance.now();
        const answer = await fetch(`${served.url}/api/reviews/${detail.review}/approve`, {
          method: "POST",
          headers: { ...as(name), "content-type": "application/json", "x-csrf-token": tokens[name] },
          body,
        });
        if (answer.status !== 200) throw new Error(`approval refused: ${await answer.text()}`);
      }
      toRelease.push((await released) - signed);
      await waiting;
    }
  } finally {
    await served.close();
    await f.close();
    hook.close();
  }
  return {
    pollMs: 250,
    guardPollMs: 500,
    latencies: [summarize("review opened → webhook notified", toNotify), summarize("last signature posted → agent's call runs", toRelease)],
  };
}

export function renderDesk(report: DeskReport): string[] {
  return [
    "",
    "## Review desk on loopback",
    "",
    `The desk polls the store every ${report.pollMs} ms; the agent waits with \`guard\`'s default poll of ${report.guardPollMs} ms.`,
    "",
    "| latency | samples | median | p95 | max | target (p95) |",
    "| --- | --- | --- | --- | --- | --- |",
    ...report.latencies.map(
      (l) =>
        `| ${l.name} | ${l.samples} | ${l.medianMs.toFixed(0)} ms | ${l.p95Ms.toFixed(0)} ms | ${l.maxMs.toFixed(0)} ms | ${TARGET_MS} ms ${l.p95Ms <= TARGET_MS ? "met" : "MISSED"} |`,
    ),
  ];
}

export function deskTargets(report: DeskReport): Target[] {
  return report.latencies.map((l) => ({
    name: `review desk: ${l.name}`,
    goal: `p95 ≤ ${TARGET_MS} ms`,
    measured: `p95 ${l.p95Ms.toFixed(0)} ms`,
    met: l.p95Ms <= TARGET_MS,
  }));
}
