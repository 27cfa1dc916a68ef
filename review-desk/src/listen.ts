// Serving a desk on a port with @hono/node-server, for `apol review serve` and hosts without their own HTTP server.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ReviewDesk } from "./server.js";

/** A desk listening: its address and how to stop it. */
export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves `desk` on `hostname:port` (default 127.0.0.1, port 0: any free one). */
export function listen(desk: ReviewDesk, { port = 0, hostname = "127.0.0.1" }: { port?: number; hostname?: string } = {}): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: desk.fetch, port, hostname }, (info: AddressInfo) => {
      const url = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${info.port}`;
      desk.servedAt(url);
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            desk.close();
            // SSE streams stay open until closed: end them, or the server would wait for every browser.
            (server as import("node:http").Server).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.once("error", reject);
  });
}
