// Review desk notifications reach real local HTTP listeners: JSON per approver group, Slack-compatible text, a link to the detail page.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { deskFixture, type DeskFixture } from "./fixture.js";

/** A listener on loopback that keeps every body posted to it, by path. */
async function listener(): Promise<{ url: string; bodies: Map<string, unknown[]>; server: Server }> {
  const bodies = new Map<string, unknown[]>();
  const server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    request.on("end", () => {
      bodies.set(request.url ?? "", [...(bodies.get(request.url ?? "") ?? []), { type: request.headers["content-type"], body: JSON.parse(text) as unknown }]);
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

let f: DeskFixture | undefined;
let hooks: Awaited<ReturnType<typeof listener>> | undefined;
afterEach(async () => {
  await f?.close();
  await new Promise((resolve) => hooks?.server.close(resolve));
});

it("notifies each group's webhooks once when a review opens, in JSON or Slack's format, with a link to the detail page", async () => {
  hooks = await listener();
  f = await deskFixture({
    baseUrl: "https://desk.example/",
    webhooks: [
      { url: `${hooks.url}/finance`, group: "finance" },
      { url: `${hooks.url}/ops`, group: "ops" },
      { url: `${hooks.url}/slack`, format: "slack" },
      { url: `${hooks.url}/cfo`, group: "cfo" },
    ],
  });
  await f.desk.poll();
  const decision = await f.enforcer.decideAsync({ tool: "pay", session: "s1", args: { iban: "DE89370400440532013000", amount: 900, memo: "<b>invoice</b>" } });
  const review = decision.approvals!.review;
  await f.feed.published();
  await Promise.all([f.desk.poll(), f.desk.poll()]);
  const link = `https://desk.example/#/review/${review}`;
  await expect.poll(() => hooks!.bodies.size, { timeout: 10_000 }).toBe(3);
  expect(hooks.bodies.get("/finance")).toEqual([
    {
      type: "application/json",
      body: {
        event: "review.opened",
        review,
        tool: "pay",
        rule: "large_payments",
        reason: "payments above 100 need two finance approvals",
        required: 2,
        from: ["cfo", "controller", "treasurer"],
        group: "finance",
        expiresAt: decision.approvals!.expiresAt,
        link,
      },
    },
  ]);
  expect(hooks.bodies.get("/slack")).toEqual([
    {
      type: "application/json",
      body: {
        text: `apol: \`pay\` is held by rule \`large_payments\`: payments above 100 need two finance approvals (needs 2 of finance, expires ${decision.approvals!.expiresAt}) <${link}|open in the review desk>`,
      },
    },
  ]);
  expect(hooks.bodies.get("/cfo")).toHaveLength(1);
  expect(hooks.bodies.has("/ops")).toBe(false);
});
