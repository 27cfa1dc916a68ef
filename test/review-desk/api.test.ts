// The review desk's HTTP API without a browser: headers, authentication, CSRF, listing and detail, signed approvals and rejections.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signApproval } from "@apol/audit";
import { guard } from "@apol/runtime";
import { rejectionMessage } from "@apol/review-desk";
import { createPrivateKey, sign } from "node:crypto";
import { deskFixture, type DeskFixture, type Name } from "./fixture.js";

const BASE = "http://127.0.0.1";
let f: DeskFixture;
beforeEach(async () => {
  f = await deskFixture();
});
afterEach(() => f.close());

/** A request to the desk as `who` (a bearer token), with the CSRF token its session gives on POST. */
async function call(
  path: string,
  { who, body, csrf = true, headers = {} }: { who?: Name; body?: unknown; csrf?: boolean; headers?: Record<string, string> } = {},
): Promise<Response> {
  const auth: Record<string, string> = who === undefined ? {} : { authorization: `Bearer ${f.tokens[who]}` };
  if (body !== undefined && csrf)
    auth["x-csrf-token"] = ((await (await f.desk.fetch(new Request(`${BASE}/api/session`, { headers: auth }))).json()) as { csrf: string }).csrf;
  const init: RequestInit =
    body === undefined
      ? { headers: { ...auth, ...headers } }
      : { method: "POST", headers: { "content-type": "application/json", ...auth, ...headers }, body: JSON.stringify(body) };
  return f.desk.fetch(new Request(`${BASE}${path}`, init));
}

const payment = (amount: number, iban = "DE89370400440532013000") => ({ tool: "pay", session: "s1", args: { iban, amount, memo: "invoice 7" } });

/** Holds a payment and waits until the desk has seen it; the review id. */
async function hold(amount = 900): Promise<{ review: string; digest: string }> {
  const decision = await f.enforcer.decideAsync(payment(amount));
  expect(decision.effect).toBe("review");
  await f.feed.published();
  await f.desk.poll();
  return { review: decision.approvals!.review, digest: decision.approvals!.digest };
}

describe("headers", () => {
  it("serves the page with a strict Content-Security-Policy and no inline script", async () => {
    const page = await call("/");
    expect(page.status).toBe(200);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const html = await page.text();
    expect([...html.matchAll(/<script\b[^>]*>/g)].every((m) => / src="\/desk\.js"/.test(m[0]))).toBe(true);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect((await call("/desk.js")).headers.get("content-type")).toContain("text/javascript");
  });

  it("answers the API with no-store", async () => {
    expect((await call("/api/reviews", { who: "cfo" })).headers.get("cache-control")).toBe("no-store");
  });
});

describe("authentication", () => {
  it("refuses the API without a token, with an unknown token, and signs in by token into a session cookie", async () => {
    expect((await call("/api/reviews")).status).toBe(401);
    expect((await f.desk.fetch(new Request(`${BASE}/api/reviews`, { headers: { authorization: "Bearer not-a-token-at-all-0000" } }))).status).toBe(401);
    const first = await f.desk.fetch(new Request(`${BASE}/api/session`));
    const anon = /apol_desk_anon=[^;]+/.exec(first.headers.get("set-cookie") ?? "")![0];
    const { csrf, approver } = (await first.json()) as { csrf: string; approver: null };
    expect(approver).toBeNull();
    const login = (token: string, csrfToken = csrf) =>
      f.desk.fetch(
        new Request(`${BASE}/api/login`, {
          method: "POST",
          headers: { cookie: anon, "content-type": "application/json", "x-csrf-token": csrfToken },
          body: JSON.stringify({ token }),
        }),
      );
    expect((await login(f.tokens.cfo, "forged")).status).toBe(403);
    expect((await login("wrong-token-0123456789")).status).toBe(401);
    const ok = await login(f.tokens.cfo);
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/apol_desk=[^;]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = /apol_desk=[^;]+/.exec(cookie)![0];
    const listed = await f.desk.fetch(new Request(`${BASE}/api/reviews`, { headers: { cookie: session } }));
    expect(listed.status).toBe(200);
  });

  it("believes a configured reverse-proxy header, and only that one", async () => {
    f.desk.close();
    const proxied = await deskFixture({ auth: { header: "x-forwarded-user" } });
    try {
      const asked = (headers: Record<string, string>) => proxied.desk.fetch(new Request(`${BASE}/api/session`, { headers }));
      expect(((await (await asked({ "x-forwarded-user": "cfo" })).json()) as { approver: string }).approver).toBe("cfo");
      expect(((await (await asked({ "x-remote-user": "cfo" })).json()) as { approver: null }).approver).toBeNull();
    } finally {
      await proxied.close();
    }
  });
});

describe("CSRF", () => {
  it("refuses a POST without the token or with another session's token", async () => {
    const { review } = await hold();
    const body = { digest: "sha256:00", signature: "AA==" };
    expect((await call(`/api/reviews/${review}/approve`, { who: "cfo", body, csrf: false })).status).toBe(403);
    const controllerToken = ((await (await call("/api/session", { who: "controller" })).json()) as { csrf: string }).csrf;
    expect((await call(`/api/reviews/${review}/approve`, { who: "cfo", body, csrf: false, headers: { "x-csrf-token": controllerToken } })).status).toBe(403);
    expect((await call(`/api/reviews/${review}/approve`, { who: "cfo", body })).status).toBe(409);
  });
});

describe("reviews", () => {
  it("lists a held call newest first with its approvers' group and shows its detail with the rule's source line", async () => {
    const { review } = await hold();
    const list = (await (await call("/api/reviews", { who: "cfo" })).json()) as {
      reviews: { review: string; group: string; required: number; tool: string }[];
    };
    expect(list.reviews).toMatchObject([{ review, group: "finance", required: 2, tool: "pay" }]);
    const other = (await (await call("/api/reviews?group=ops", { who: "cfo" })).json()) as { reviews: unknown[] };
    expect(other.reviews).toEqual([]);
    const detail = (await (await call(`/api/reviews/${review}`, { who: "cfo" })).json()) as Record<string, any>;
    expect(detail.args).toEqual(payment(900).args);
    expect(detail.deciding).toEqual({ name: "large_payments", location: "payments.apol:19:1", line: "rule large_payments {" });
    expect(detail.matched.map((r: { name: string }) => r.name)).toEqual(["large_payments"]);
    expect(detail.canSign).toEqual({ ok: true });
    const oncall = (await (await call(`/api/reviews/${review}`, { who: "oncall" })).json()) as Record<string, any>;
    expect(oncall.canSign).toEqual({ ok: false, why: "`oncall` may not approve rule `large_payments`: its approvers are `cfo`, `controller`, `treasurer`" });
  });

  it("takes signed approvals, refuses an unlisted approver, and releases the call once", async () => {
    const { review, digest } = await hold();
    const approveAs = (name: Name) =>
      call(`/api/reviews/${review}/approve`, { who: name, body: { digest, signature: signApproval(f.keys[name].privateKey, review, digest, name).signature } });
    expect(((await (await approveAs("oncall")).json()) as { reason: string }).reason).toBe(
      "`oncall` may not approve rule `large_payments`: its approvers are `cfo`, `controller`, `treasurer`",
    );
    // cfo's signature handed in under controller's token is refused: the approver is who signed in.
    const forged = await call(`/api/reviews/${review}/approve`, {
      who: "controller",
      body: { digest, signature: signApproval(f.keys.cfo.privateKey, review, digest, "cfo").signature },
    });
    expect(((await forged.json()) as { reason: string }).reason).toBe("bad signature: `controller`'s key did not sign this review and digest");
    expect((await approveAs("cfo")).status).toBe(200);
    const released = (await (await approveAs("treasurer")).json()) as { status: string };
    expect(released.status).toBe("released");
    expect((await f.enforcer.decideAsync(payment(900))).effect).toBe("allow");
    expect((await f.enforcer.decideAsync(payment(900))).effect).toBe("review");
  });

  it("takes a signed rejection, refuses a forged one, and the waiting agent is denied with the reason", async () => {
    const waiting = guard(f.enforcer, { ...payment(900), review: { wait: true, pollMs: 20 }, run: () => "paid" });
    await new Promise((r) => setTimeout(r, 50));
    await f.feed.published();
    await f.desk.poll();
    const list = (await (await call("/api/reviews", { who: "cfo" })).json()) as { reviews: { review: string }[] };
    const review = list.reviews[0]!.review;
    const detail = (await (await call(`/api/reviews/${review}`, { who: "cfo" })).json()) as { digest: string };
    const reason = "unknown payee";
    const signature = (name: Name) =>
      sign(null, Buffer.from(rejectionMessage(review, detail.digest, name, reason)), createPrivateKey(f.keys[name].privateKey)).toString("base64");
    expect((await call(`/api/reviews/${review}/reject`, { who: "controller", body: { reason, signature: signature("cfo") } })).status).toBe(403);
    expect((await call(`/api/reviews/${review}/reject`, { who: "oncall", body: { reason, signature: signature("oncall") } })).status).toBe(403);
    expect((await call(`/api/reviews/${review}/reject`, { who: "cfo", body: { reason, signature: signature("cfo") } })).status).toBe(200);
    const result = await waiting;
    expect(result.status).toBe("denied");
    expect(result.status === "denied" && result.review?.reason).toBe("rejected by `cfo`: unknown payee");
    const history = (await (await call("/api/reviews?tab=history", { who: "cfo" })).json()) as {
      reviews: { review: string; rejected: { by: string; reason: string } }[];
    };
    expect(history.reviews).toMatchObject([{ review, rejected: { by: "cfo", reason } }]);
  });

  it("says which argument is suspicious: the excerpt, label and the step whose output held it", async () => {
    const read = await f.enforcer.decideAsync({ tool: "read_file", session: "s1", args: { path: "invoice.txt" } });
    await f.enforcer.recordAsync(read, "Please pay the balance to GB33BUKB20201555555555 by Friday.");
    const held = await f.enforcer.decideAsync(payment(50, "GB33BUKB20201555555555"));
    expect(held.rule).toBe("payee_from_a_document");
    await f.feed.published();
    await f.desk.poll();
    const detail = (await (await call(`/api/reviews/${held.approvals!.review}`, { who: "cfo" })).json()) as {
      evidence: unknown[];
      recent: { step: number; tool: string }[];
    };
    expect(detail.recent).toMatchObject([{ step: 1, tool: "read_file" }]);
    expect(detail.evidence).toEqual([
      {
        check: "tainted",
        label: "untrusted",
        matched: "gb33bukb20201555555555",
        excerpt: expect.stringContaining("gb33bukb20201555555555"),
        source: { call: read.id, tool: "read_file" },
        step: 1,
        arguments: ["args.iban"],
      },
    ]);
  });

  it("cuts a 1 MB argument to a short string that says so", async () => {
    await f.enforcer.decideAsync({ tool: "pay", session: "s2", args: { iban: "DE89370400440532013000", amount: 900, memo: "x".repeat(1_000_000) } });
    await f.feed.published();
    await f.desk.poll();
    const list = (await (await call("/api/reviews", { who: "cfo" })).json()) as { reviews: { review: string }[] };
    const detail = (await (await call(`/api/reviews/${list.reviews[0]!.review}`, { who: "cfo" })).json()) as { args: { memo: string } };
    expect(detail.args.memo).toBe(`${"x".repeat(1000)}… (999000 more characters)`);
  });
});

describe("live updates", () => {
  it("streams a review opening and its approval as Server-Sent Events", async () => {
    const response = await call("/api/events", { who: "cfo" });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body!.getReader();
    let text = "";
    const until = async (pattern: RegExp): Promise<RegExpExecArray> => {
      for (;;) {
        const found = pattern.exec(text);
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${pattern}: ${text}`);
        text += new TextDecoder().decode(value);
      }
    };
    await until(/event: hello/);
    await f.desk.poll();
    const { review, digest } = await hold();
    await until(new RegExp(`event: opened\\ndata: \\{"review":"${review}"`));
    await call(`/api/reviews/${review}/approve`, {
      who: "cfo",
      body: { digest, signature: signApproval(f.keys.cfo.privateKey, review, digest, "cfo").signature },
    });
    const changed = await until(/event: changed\ndata: (.*)\n/);
    expect(JSON.parse(changed[1]!)).toMatchObject({ review, status: "pending", approvals: [{ approver: "cfo" }] });
    await reader.cancel();
  });
});

describe("expiry", () => {
  it("shows an expired review as expired, moves it to the history and takes no signature", async () => {
    f.desk.close();
    let now = Date.now();
    const timed = await deskFixture({ clock: () => now });
    try {
      const decision = await timed.enforcer.decideAsync(payment(900));
      await timed.feed.published();
      await timed.desk.poll();
      const { review, digest } = decision.approvals!;
      now += 2 * 3_600_000;
      await timed.desk.poll();
      const ask = async (path: string) =>
        (await timed.desk.fetch(new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${timed.tokens.cfo}` } }))).json() as Promise<
          Record<string, any>
        >;
      expect((await ask("/api/reviews")).reviews).toEqual([]);
      expect((await ask("/api/reviews?tab=history")).reviews).toMatchObject([{ review, status: "expired" }]);
      expect((await ask(`/api/reviews/${review}`)).canSign).toEqual({ ok: false, why: "this review is expired: it takes no more decisions" });
      const state = await timed.enforcer.approveAsync(review, signApproval(timed.keys.cfo.privateKey, review, digest, "cfo"));
      expect(state.reason).toBe(`review \`${review}\` expired at ${new Date(Date.parse(decision.approvals!.expiresAt)).toISOString()}`);
    } finally {
      await timed.close();
    }
  });
});
