// A desk over an in-process enforcer for the review desk's tests: the payments policy, approver keys, a decision log, tokens.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog, ed25519Approvers, generateKeys } from "@apol/audit";
import { createEnforcer, MemoryStore, type Enforcer, type PolicyModule } from "@apol/runtime";
import { createReviewDesk, reviewFeed, type DeskOptions, type ReviewDesk, type ReviewFeed } from "@apol/review-desk";
import { compileAndImport } from "../../compiler/src/compile-and-import.js";

export const POLICY_FILE = new URL("../../examples/review/payments.apol", import.meta.url);
export const APPROVERS = ["cfo", "controller", "treasurer", "oncall"] as const;
export type Name = (typeof APPROVERS)[number];

/** Everything a desk test needs; `close` stops the desk and removes the scratch folder. */
export interface DeskFixture {
  readonly module: PolicyModule;
  readonly source: string;
  readonly enforcer: Enforcer;
  readonly feed: ReviewFeed;
  readonly desk: ReviewDesk;
  readonly keys: Readonly<Record<Name, { privateKey: string; publicKey: string }>>;
  readonly tokens: Readonly<Record<Name, string>>;
  readonly log: AuditLog;
  readonly logFile: string;
  readonly logPublicKey: string;
  close(): Promise<void>;
}

/** A compiled payments policy, an enforcer publishing to a desk over one memory store, and the desk. */
export async function deskFixture(extra: Partial<DeskOptions> = {}): Promise<DeskFixture> {
  // One clock for the store, the enforcer and the desk, so a test can move time for all three.
  const clock = extra.clock ?? Date.now;
  const source = readFileSync(POLICY_FILE, "utf8");
  const loaded = await compileAndImport(source, "payments.apol");
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join("\n"));
  const module = loaded.module;
  const keys = Object.fromEntries(APPROVERS.map((name) => [name, generateKeys()])) as Record<Name, { privateKey: string; publicKey: string }>;
  const tokens = Object.fromEntries(APPROVERS.map((name) => [name, `token-of-${name}-0123456789`])) as Record<Name, string>;
  const work = mkdtempSync(join(tmpdir(), "apol-desk-"));
  const logKeys = generateKeys();
  const logFile = join(work, "decisions.log");
  const log = new AuditLog({ path: logFile, privateKey: logKeys.privateKey });
  const approvers = ed25519Approvers(Object.fromEntries(APPROVERS.map((name) => [name, keys[name].publicKey])));
  const store = new MemoryStore({ clock });
  const feed = reviewFeed(module, { store, log, clock });
  const enforcer = createEnforcer(module, { store, approvers, log: feed, explain: true, clock, onWarning: () => {} });
  const desk = createReviewDesk(enforcer, {
    module,
    approvers,
    source,
    auth: { tokens },
    groups: { finance: ["cfo", "controller", "treasurer"], ops: ["oncall"] },
    pollMs: 50,
    ...extra,
    clock,
  });
  return {
    module,
    source,
    enforcer,
    feed,
    desk,
    keys,
    tokens,
    log,
    logFile,
    logPublicKey: logKeys.publicKey,
    async close() {
      desk.close();
      log.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
