/**
 * `@quarry/server-adapters/express`: the Quarry HTTP API as an Express 5 router. Needs the optional peer
 * dependency `express`.
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Quarry } from "@quarry/core";
import express, { type Router } from "express";
import type { QuarryHandlerOptions } from "./http/handler-options.js";
import { errorResponse } from "./http/http-errors.js";
import { createQuarryHandler } from "./http/quarry-app.js";

/** Options of {@link quarryRouter}: those of `createQuarryHandler`, less `basePath` (the mount sets it). */
export type QuarryRouterOptions = Omit<QuarryHandlerOptions, "basePath">;

/**
 * The Quarry API as an Express 5 router, for `app.use(prefix, …)`. Each request becomes a web `Request`
 * (its URL relative to the mount, its body streamed as it arrives, its `signal` aborted when the client
 * goes away) and the `Response` is written back as it is produced, with backpressure: answers stream as
 * Server-Sent Events, never buffered. Mount it before any body parser (`express.json()`) sees its paths;
 * a body a parser already read is passed on as parsed.
 *
 * @example
 * ```ts
 * import express from "express";
 * import { quarryRouter } from "@quarry/server-adapters/express";
 *
 * const app = express();
 * app.use("/api", quarryRouter(quarry, { auth: (request) => verifySession(request) }));
 * app.listen(3000);
 * ```
 */
export function quarryRouter(quarry: Quarry, options: QuarryRouterOptions): Router {
  // A basePath would be looked for in URLs that are already relative to the mount.
  const { basePath: _ignored, ...rest } = options as QuarryHandlerOptions;
  const handler = createQuarryHandler(quarry, rest);
  const router = express.Router();
  router.use(async (req, res) => {
    let response: Response;
    try {
      response = await handler(toWebRequest(req, res));
    } catch (error) {
      response = errorResponse(error);
    }
    await sendWebResponse(response, req, res);
  });
  return router;
}

/** A web `Request` for a Node request: relative to the mount, streaming its body, aborted on disconnect. */
function toWebRequest(req: IncomingMessage & { body?: unknown }, res: ServerResponse): Request {
  const controller = new AbortController();
  // `close` on the response, not the request: the request's fires once its body is read.
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });

  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(":")) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const method = req.method ?? "GET";
  const init: RequestInit & { duplex?: "half" } = { method, headers, signal: controller.signal };
  if (method !== "GET" && method !== "HEAD") {
    if (req.readableEnded && req.body !== undefined) {
      // A body parser ran first and read the stream: pass on what it made of the body.
      init.body = reparsed(req.body);
      headers.delete("content-length");
    } else {
      init.body = bodyStream(req);
      init.duplex = "half";
      res.once("finish", () => discardUnread(req));
    }
  }
  return new Request(urlOf(req), init);
}

/** The request's URL as seen from the mount (Express strips the mount's prefix from `req.url`). */
function urlOf(req: IncomingMessage & { protocol?: string }): string {
  const protocol = req.protocol ?? ((req.socket as TLSSocket).encrypted ? "https" : "http");
  const path = req.url?.startsWith("/") ? req.url : `/${req.url ?? ""}`;
  // A Host header that is not a plain host[:port] could move part of itself into the path.
  const host = /^[A-Za-z0-9.-]+(?::\d+)?$|^\[[0-9A-Fa-f:.]+\](?::\d+)?$/.test(req.headers.host ?? "")
    ? req.headers.host
    : "localhost";
  // Concatenated, not resolved: a path like `//host/x` must stay a path.
  return new URL(`${protocol}://${host}${path}`).href;
}

/**
 * The request body as a web stream that reads from the socket only when its reader asks (no buffering
 * beyond Node's own). Cancelling stops reading without destroying the socket, so an early answer (413) is
 * still sent; what is left is discarded once the response is done.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  const chunks = req.iterator({ destroyOnReturn: false });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(bytesOf(next.value));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

function bytesOf(chunk: unknown): Uint8Array {
  if (typeof chunk === "string") return new TextEncoder().encode(chunk);
  const view = chunk as Uint8Array;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** What a body parser left in `req.body`, as a body again. */
function reparsed(body: unknown): BodyInit {
  if (typeof body === "string" || body instanceof Uint8Array) return body as BodyInit;
  return JSON.stringify(body);
}

/** Bytes of the request nobody read: drained so the connection can be reused, or the socket closed. */
function discardUnread(req: IncomingMessage): void {
  if (req.readableEnded || req.destroyed) return;
  const limit = 1024 * 1024;
  let seen = 0;
  const close = () => req.socket?.destroySoon?.();
  const timer = setTimeout(close, 1_000);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    seen += chunk.byteLength;
    if (seen > limit) close();
  });
  req.once("end", () => clearTimeout(timer));
  req.once("error", () => clearTimeout(timer));
  req.resume();
}

/**
 * Writes a web `Response` to Node: status and headers flushed at once, then the body chunk by chunk,
 * waiting for `drain` when the socket is full. A client that goes away cancels the body (which stops a
 * streaming turn).
 */
async function sendWebResponse(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body || req.method === "HEAD") {
    res.end();
    await response.body?.cancel().catch(() => {});
    return;
  }
  res.flushHeaders();

  const gone = new Promise<null>((resolve) => {
    if (res.destroyed) resolve(null);
    res.once("close", () => resolve(null));
  });
  const reader = response.body.getReader();
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), gone]);
      if (next === null) break;
      if (next.done) {
        res.end();
        return;
      }
      if (!res.write(next.value)) {
        const drained = new Promise<true>((resolve) => res.once("drain", () => resolve(true)));
        if ((await Promise.race([drained, gone])) === null) break;
      }
    }
  } catch {
    // The body failed part-way: the status is sent, so all that is left is to cut the connection.
    res.destroy();
  }
  await reader.cancel().catch(() => {});
}
