// Starts and stops a throwaway redis-server on a free loopback port, for the Redis store's tests and benchmark.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, createConnection } from "node:net";

/** Where redis-server is, or undefined when it is not installed. */
export function findRedisServer(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path !== "" ? path : undefined;
}

/** Whether a missing redis-server fails the run (CI sets `APOL_REQUIRE_REDIS=1`) rather than skipping the tests. */
export const redisRequired = process.env["APOL_REQUIRE_REDIS"] === "1";

/**
 * Where redis-server is, for a test file that needs it; undefined (with a warning) when it
 * is not installed, so the file skips its tests, unless `APOL_REQUIRE_REDIS=1`: then it throws.
 */
export function redisServerFor(tests: string): string | undefined {
  const binary = findRedisServer();
  if (!binary && redisRequired)
    throw new Error("redis-server is not installed, and APOL_REQUIRE_REDIS=1 requires it: install it (`apt-get install redis-server`)");
  if (!binary) console.warn(`skipping ${tests}: redis-server is not installed (\`apt-get install redis-server\`; CI requires it)`);
  return binary;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (or rejects after `ms`). */
async function listening(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: "127.0.0.1" }, () => {
        socket.end();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A redis-server this process started: in memory only, no snapshots, loopback only. */
export class RedisServer {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly binary: string,
    readonly port: number,
    private readonly extra: readonly string[],
  ) {}

  /** Starts a server on a free port; `extra` arguments configure it further (`--maxmemory 4mb`, say). */
  static async start(binary: string, extra: readonly string[] = []): Promise<RedisServer> {
    const server = new RedisServer(binary, await freePort(), extra);
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server again on the same port (after `stop`); it starts empty. */
  async restart(): Promise<void> {
    const args = [
      "--port",
      String(this.port),
      "--bind",
      "127.0.0.1",
      "--save",
      "",
      "--appendonly",
      "no",
      "--daemonize",
      "no",
      "--loglevel",
      "warning",
      ...this.extra,
    ];
    this.child = spawn(this.binary, args, { stdio: "ignore" });
    await listening(this.port, 10_000);
  }

  /** Stops the server this object started, and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }
}
