import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** A server listening, with its address and a graceful stop. */
export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:3001`. */
  readonly url: string;
  /**
   * Stops taking connections, lets open requests (streamed answers included) finish within the grace time,
   * cuts what is left (a cut answer stops its turn), then runs `onClose` (closing Quarry and its store).
   */
  close(): Promise<void>;
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default `127.0.0.1`: this machine only. */
  host?: string;
  /** How long open requests may run on after `close()`, in ms. Default 5,000. */
  graceMs?: number;
  /** Runs once the last connection is gone. */
  onClose(): Promise<void>;
}

/** Listens with a Node HTTP server (the one `@hono/node-server` or Express made). */
export async function startServer(server: Server, options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(options.port, host, () => {
      server.off("error", fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((done) => server.close(() => done()));
        server.closeIdleConnections();
        const cut = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 5_000);
        await closed;
        clearTimeout(cut);
        await options.onClose();
      })();
      return closing;
    },
  };
}

/** Options of {@link serveUntilSignal}. */
export interface ServeUntilSignalOptions {
  /** The port when `PORT` is not set. */
  defaultPort: number;
  /** Runs once the last connection is gone (closing Quarry and its store). */
  onClose(): Promise<void>;
  /** The line printed once the server listens. */
  banner(url: string): string;
}

/**
 * How an example runs from the command line: listens on `PORT` (else the default) on this machine, prints
 * its banner, and on the first SIGINT or SIGTERM (Ctrl-C, `docker stop`) closes gracefully and exits.
 */
export async function serveUntilSignal(server: Server, options: ServeUntilSignalOptions): Promise<void> {
  const running = await startServer(server, {
    port: portFromEnv(options.defaultPort),
    onClose: options.onClose,
  });
  console.log(options.banner(running.url));
  closeOnSignals(running);
}

function closeOnSignals(server: RunningServer): void {
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${signal}: shutting down…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** Ends a command-line start that failed: the reason on stderr (no stack: it is a message for the user), exit 1. */
export function exitWithError(error: unknown): void {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}

/** True when the module at `moduleUrl` is the script Node (or tsx) was started with, not an import. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

function portFromEnv(fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const value = env.PORT;
  if (value === undefined || value === "") return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new Error(`PORT ${value} is not a port (0–65535).`);
  return port;
}
