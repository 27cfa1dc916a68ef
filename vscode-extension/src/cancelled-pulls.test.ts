// A cancelled diagnostics pull must not reach the client as the empty report that clears the squiggles.
import { describe, expect, it } from "vitest";
import { CancellationTokenSource, type CancellationToken } from "vscode-languageserver-protocol";
import { discardCancelledPulls } from "./cancelled-pulls.js";

class Cancelled extends Error {}
const middleware = discardCancelledPulls<string, CancellationToken, typeof report>(() => new Cancelled("cancelled"));
const report: { kind: string; resultId?: string; items: { message: string }[] } = {
  kind: "full",
  resultId: "3.0",
  items: [{ message: "unknown tool `sned`" }],
};
const empty: typeof report = { kind: "full", items: [] };

describe("discardCancelledPulls", () => {
  it("passes a pull's report through while its token is not cancelled", async () => {
    const source = new CancellationTokenSource();
    await expect(middleware("a.apol", "2.0", source.token, async () => report)).resolves.toBe(report);
  });

  it("throws the cancellation for a pull cancelled while it was answered, which the client would show as no diagnostics", async () => {
    const source = new CancellationTokenSource();
    // What vscode-languageclient 9 resolves a pull with once its token is cancelled, whatever the server said.
    const next = async (_document: string, _previous: string | undefined, token: CancellationToken) => {
      source.cancel();
      return token.isCancellationRequested ? empty : report;
    };
    await expect(middleware("a.apol", "2.0", source.token, next)).rejects.toBeInstanceOf(Cancelled);
  });
});
