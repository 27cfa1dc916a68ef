// A cancelled diagnostics pull must not reach the client as the empty report that clears the squiggles.
import { describe, expect, it } from "vitest";
import { discardCancelledPulls } from "./cancelled-pulls.js";

class Cancelled extends Error {}
/** A cancellation token as the client hands it to the middleware: the middleware reads only whether it was cancelled. */
interface Token {
  isCancellationRequested: boolean;
}
const middleware = discardCancelledPulls<string, Token, typeof report>(() => new Cancelled("cancelled"));
const report: { kind: string; resultId?: string; items: { message: string }[] } = {
  kind: "full",
  resultId: "3.0",
  items: [{ message: "unknown tool `sned`" }],
};
const empty: typeof report = { kind: "full", items: [] };

describe("discardCancelledPulls", () => {
  it("passes a pull's report through while its token is not cancelled", async () => {
    const token: Token = { isCancellationRequested: false };
    await expect(middleware("a.apol", "2.0", token, async () => report)).resolves.toBe(report);
  });

  it("throws the cancellation for a pull cancelled while it was answered, which the client would show as no diagnostics", async () => {
    const token: Token = { isCancellationRequested: false };
    // What vscode-languageclient 9 resolves a pull with once its token is cancelled, whatever the server said.
    const next = async (_document: string, _previous: string | undefined, asked: Token) => {
      // The editor's text changed while the server answered.
      token.isCancellationRequested = true;
      return asked.isCancellationRequested ? empty : report;
    };
    await expect(middleware("a.apol", "2.0", token, next)).rejects.toBeInstanceOf(Cancelled);
  });
});
