// The review desk's HTTP server: the JSON API, live updates over Server-Sent Events, and the one-page app, on Hono.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Hono, type Context, type Next } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import { secureHeaders } from "hono/secure-headers";
import { streamSSE } from "hono/streaming";
import type { Approvers, Enforcer, PolicyModule } from "@apol/runtime";
import { ANON_COOKIE, Auth, SESSION_COOKIE, SESSION_MS, type AuthOptions } from "./auth.js";
import { rejectionMessage } from "./messages.js";
import { DeskRecords, type HeldCall } from "./records.js";
import { detail, notListed, Rules, summary, type Groups, type Summary } from "./view.js";
import { Watcher, type ReviewEvent } from "./watcher.js";
import { notify, type Webhook } from "./webhooks.js";

/** How a desk serves. */
export interface DeskOptions {
  /** The compiled policy the enforcer decides with: its rules' locations and approvers. */
  readonly module: PolicyModule;
  /** The approvers' public keys, as the enforcer has them (`ed25519Approvers`): the desk checks rejections' signatures with them. */
  readonly approvers: Approvers;
  readonly auth: AuthOptions;
  /** The policy's text, to show each rule's source line. */
  readonly source?: string;
  /** Named approver lists, for "1 of 2 from finance" and the inbox's group filter. */
  readonly groups?: Groups;
  readonly webhooks?: readonly Webhook[];
  /** Where approvers reach the desk (`https://desk.example`): notifications link to `BASE/#/review/ID` (default: where `listen` serves it). */
  readonly baseUrl?: string;
  /** How often the desk looks at the store for new and changed reviews (default 250 ms). */
  readonly pollMs?: number;
  readonly clock?: () => number;
  /** Told of what failed in the background (a webhook, the store); default `console.warn`. */
  readonly onError?: (message: string) => void;
}

/** A running desk: `fetch` is the request handler (a Hono app's), `close` stops watching the store. */
export interface ReviewDesk {
  readonly app: Hono<DeskEnv>;
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /** Looks at the store now, rather than at the next poll. */
  poll(): Promise<void>;
  /** Tells the desk where it is served (`listen` does): notifications link there when no `baseUrl` was given. */
  servedAt(url: string): void;
  close(): void;
}

/** The page's three files, read once. */
const STATIC = new URL("../static/", import.meta.url);
const files = {
  "/": { type: "text/html; charset=utf-8", name: "index.html" },
  "/desk.js": { type: "text/javascript; charset=utf-8", name: "desk.js" },
  "/desk.css": { type: "text/css; charset=utf-8", name: "desk.css" },
} as const;

/** The longest reason a rejection may give. */
const MAX_REASON = 500;

type Who = { name: string; key: string };
/** What the desk's routes know of a request: who made it. */
export type DeskEnv = { Variables: { who: Who } };

/**
 * The review desk over `enforcer` (which approves and rejects, so every decision reaches its log) and the store it keeps
 * reviews in; the enforcers that hold calls publish them there with `reviewFeed`.
 */
export function createReviewDesk(enforcer: Enforcer, options: DeskOptions): ReviewDesk {
  const clock = options.clock ?? Date.now;
  const warn = options.onError ?? ((message: string) => console.warn(`apol review desk: ${message}`));
  const auth = new Auth(options.auth, clock);
  const records = new DeskRecords(enforcer.store, options.module);
  const groups = options.groups ?? {};
  const rules = new Rules(options.module, options.source);
  const watcher = new Watcher(records, groups, options.pollMs ?? 250, clock, warn);
  const pages = Object.fromEntries(
    Object.entries(files).map(([path, file]) => [path, { type: file.type, body: readFileSync(new URL(file.name, STATIC), "utf8") }]),
  );
  let base = (options.baseUrl ?? "").replace(/\/$/, "");
  watcher.subscribe((event) => {
    if (event.type === "opened") void notify(options.webhooks ?? [], event.review, `${base}/#/review/${encodeURIComponent(event.review.review)}`, groups, warn);
  });
  watcher.start();

  const app = new Hono<DeskEnv>();
  // INVARIANT (text-only): no inline script, no eval, no HTML sinks: even a string that reached the DOM as markup could not run.
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        requireTrustedTypesFor: ["'script'"],
        trustedTypes: ["'none'"],
      },
      xFrameOptions: "DENY",
      referrerPolicy: "no-referrer",
    }),
  );
  app.use("/api/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  app.use("/api/*", bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.json({ error: "the request body is over 64 KiB" }, 413) }));
  for (const [path, page] of Object.entries(pages)) app.get(path, (c) => c.body(page.body, 200, { "Content-Type": page.type }));

  const identify = (c: Context<DeskEnv>): Who | undefined =>
    auth.who({
      authorization: c.req.header("authorization"),
      header: auth.header === undefined ? undefined : c.req.header(auth.header),
      session: getCookie(c, SESSION_COOKIE),
    });
  const secure = (c: Context<DeskEnv>): boolean => new URL(c.req.url).protocol === "https:";

  // Every POST carries the CSRF token of whoever makes it (signed in or not): a page on another origin cannot read it.
  // Hono types a middleware's request input as `any`: the handlers below say what they read.
  app.use("/api/*", async (c: Context<DeskEnv, "/api/*">, next: Next) => {
    if (c.req.method !== "POST") return next();
    const who = identify(c);
    const anon = getCookie(c, ANON_COOKIE);
    const key = who?.key ?? (anon === undefined ? undefined : `anon:${anon}`);
    if (key === undefined || !auth.csrfHolds(key, c.req.header("x-csrf-token")))
      return c.json({ error: "missing or stale CSRF token: reload the page (API clients: send `x-csrf-token` from GET /api/session)" }, 403);
    return next();
  });

  app.get("/api/session", (c) => {
    const who = identify(c);
    const policy = { name: options.module.policy, hash: options.module.policyHash };
    if (who) return c.json({ approver: who.name, csrf: auth.csrf(who.key), policy, groups });
    let anon = getCookie(c, ANON_COOKIE);
    if (anon === undefined) {
      anon = randomBytes(18).toString("base64url");
      setCookie(c, ANON_COOKIE, anon, { httpOnly: true, sameSite: "Strict", path: "/", secure: secure(c) });
    }
    return c.json({ approver: null, csrf: auth.csrf(`anon:${anon}`), policy, signIn: auth.header === undefined ? "token" : "proxy" });
  });

  app.post("/api/login", async (c) => {
    const body = await jsonBody(c);
    const name = typeof body?.token === "string" ? auth.named(body.token) : undefined;
    if (name === undefined) return c.json({ error: "unknown token: ask the desk's operator for yours" }, 401);
    const id = auth.open(name);
    setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: "Strict", path: "/", secure: secure(c), maxAge: SESSION_MS / 1000 });
    return c.json({ approver: name, csrf: auth.csrf(`session:${id}`) });
  });

  app.use("/api/*", async (c: Context<DeskEnv, "/api/*">, next: Next) => {
    const who = identify(c);
    if (!who) return c.json({ error: "sign in first: a token (`Authorization: Bearer TOKEN`, or the page's sign-in) or the proxy's header" }, 401);
    c.set("who", who);
    return next();
  });

  app.post("/api/logout", (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id !== undefined) auth.close(id);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.json({ ok: true });
  });

  /** Rows for the reviews the index lists, newest first. */
  const rows = async (): Promise<Summary[]> => {
    const ids = await records.ids();
    const [held, reviews] = await Promise.all([records.held(ids), records.reviews(ids)]);
    const now = clock();
    return ids.flatMap((_, i) => (held[i] && reviews[i] ? [summary(held[i], reviews[i], groups, now)] : []));
  };

  app.get("/api/reviews", async (c) => {
    const tab = c.req.query("tab") === "history" ? "history" : "pending";
    const group = c.req.query("group");
    const tool = c.req.query("tool");
    const all = await rows();
    const listed = all.filter((r) => (tab === "pending") === (r.status === "pending"));
    return c.json({
      reviews: listed.filter((r) => (!group || r.group === group || r.from?.includes(group) === true) && (!tool || r.tool === tool)),
      tools: [...new Set(all.map((r) => r.tool))].sort(),
      groups: Object.keys(groups),
      now: clock(),
    });
  });

  const find = async (id: string): Promise<{ row: Summary; held: HeldCall } | undefined> => {
    const [[held], [record]] = await Promise.all([records.held([id]), records.reviews([id])]);
    return held && record ? { row: summary(held, record, groups, clock()), held } : undefined;
  };
  const missing = (c: Context, id: string) => c.json({ error: `no review \`${id}\` on this desk: it was never opened, or it ended and was forgotten` }, 404);

  app.get("/api/reviews/:id", async (c) => {
    const found = await find(c.req.param("id"));
    if (!found) return missing(c, c.req.param("id"));
    return c.json({ ...detail(found.held, found.row, rules, c.get("who").name), now: clock() });
  });

  app.post("/api/reviews/:id/approve", async (c) => {
    const id = c.req.param("id");
    const body = await jsonBody(c);
    if (typeof body?.signature !== "string" || typeof body.digest !== "string")
      return c.json({ error: "an approval needs `digest` and `signature`, both strings" }, 400);
    if (!(await find(id))) return missing(c, id);
    // The approver is who signed in: a token of one approver cannot hand in a signature as another.
    const state = await enforcer.approveAsync(id, { review: id, digest: body.digest, approver: c.get("who").name, signature: body.signature });
    await watcher.poll().catch(() => {});
    return c.json(state, state.ok ? 200 : 409);
  });

  app.post("/api/reviews/:id/reject", async (c) => {
    const id = c.req.param("id");
    const body = await jsonBody(c);
    const name = c.get("who").name;
    if (typeof body?.signature !== "string" || typeof body.reason !== "string" || body.reason.trim() === "")
      return c.json({ error: "a rejection needs a `reason` and its `signature`, both strings" }, 400);
    if (body.reason.length > MAX_REASON) return c.json({ error: `the reason is over ${MAX_REASON} characters` }, 400);
    const found = await find(id);
    if (!found) return missing(c, id);
    const unlisted = notListed(found.row, name);
    if (unlisted !== undefined) return c.json({ error: unlisted }, 403);
    if (!options.approvers.verify(name, rejectionMessage(id, found.held.digest, name, body.reason), body.signature))
      return c.json({ error: `bad signature: \`${name}\`'s key did not sign this rejection` }, 403);
    const state = await enforcer.rejectAsync(id, { by: name, reason: body.reason });
    await watcher.poll().catch(() => {});
    return c.json(state, state.ok ? 200 : 409);
  });

  app.get("/api/events", (c) =>
    streamSSE(c, async (stream) => {
      const queue: ReviewEvent[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = watcher.subscribe((event) => {
        queue.push(event);
        wake?.();
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ event: "hello", data: "{}" });
      while (open) {
        const event = queue.shift();
        if (event) {
          await stream.writeSSE({ event: event.type, data: JSON.stringify(event.review) });
          continue;
        }
        // A comment every 15 s keeps proxies from closing an idle stream.
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 15_000).unref();
        });
        wake = undefined;
        if (open && queue.length === 0) await stream.write(": ping\n\n");
      }
      unsubscribe();
    }),
  );

  app.notFound((c) => c.json({ error: `no such page \`${new URL(c.req.url).pathname}\`` }, 404));
  app.onError((error, c) => {
    warn(`request failed: ${error.message}`);
    return c.json({ error: "the desk could not answer: see its log" }, 500);
  });

  return {
    app,
    fetch: (request) => app.fetch(request),
    poll: () => watcher.poll(),
    servedAt: (url) => {
      if (options.baseUrl === undefined) base = url.replace(/\/$/, "");
    },
    close: () => watcher.stop(),
  };
}

/** A JSON object body, or undefined. */
async function jsonBody(c: Context): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = await c.req.json();
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
