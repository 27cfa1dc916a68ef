// Keeps the squiggles shown while a diagnostics pull is cancelled: vscode-languageclient 9 turns a cancelled pull into an empty report.
//
// The client cancels a pull when the text changes before the answer comes, and then (whatever the
// server answers) resolves it as "no diagnostics", which it shows before the pull it schedules next
// answers: every squiggle blinks off at a key typed while a pull is on its way. A pull that ends in a
// cancellation error instead leaves the shown diagnostics alone and is asked again.

/** What a pull's cancellation token must tell. */
interface Cancellable {
  readonly isCancellationRequested: boolean;
}

/**
 * A `provideDiagnostics` middleware that answers a pull cancelled meanwhile with `cancelled()`
 * thrown (VS Code's `CancellationError`, which the client reads as "ask again") instead of the
 * empty report the client would show.
 */
export function discardCancelledPulls<D, T extends Cancellable, R>(
  cancelled: () => Error,
): (
  document: D,
  previousResultId: string | undefined,
  token: T,
  next: (document: D, previousResultId: string | undefined, token: T) => R | PromiseLike<R>,
) => Promise<R> {
  return async (document, previousResultId, token, next) => {
    const report = await next(document, previousResultId, token);
    if (token.isCancellationRequested) throw cancelled();
    return report;
  };
}
