/**
 * The demo's host-app session: a signed cookie naming the user. This is the part a real app replaces with
 * its own login (a password check, OAuth, an identity provider); what stays is the shape of the auth hook,
 * which reads the request and returns a principal, or null for 401.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Principal } from "@quarry/core";
import { z } from "zod";

/** Options of {@link createSessionCookies}. */
export interface SessionCookieOptions {
  /** The HMAC-SHA256 key that signs the cookie; at least 32 characters. */
  secret: string;
  /** The tenant every demo user belongs to. Default `example`. */
  tenantId?: string;
  /** How long a login lasts, in seconds. Default 8 hours. */
  maxAgeSeconds?: number;
  /** Send the cookie over HTTPS only; turn on whenever the app is served over HTTPS. Default false. */
  secure?: boolean;
  /** The clock, in ms since the epoch (tests move it). */
  now?: () => number;
}

/** Issues and verifies the session cookie. */
export interface SessionCookies {
  /** The cookie's name. */
  readonly name: string;
  /** Quarry's auth hook: the principal of a request's valid cookie, else null (the API answers 401). */
  auth(request: Request): Principal | null;
  /** The principal of a `Cookie` header's valid session cookie, else null. */
  verify(cookieHeader: string | null | undefined): Principal | null;
  /** A `Set-Cookie` value logging `userName` in, or null when the name is not a valid user name. */
  issue(userName: string): string | null;
  /** A `Set-Cookie` value that logs out. */
  clear(): string;
}

/** User names the demo accepts: they become the principal's `userId`. */
export const userNamePattern = /^[a-z0-9][a-z0-9_.-]{0,63}$/i;

const minSecretLength = 32;
const cookieName = "quarry_example_session";

/** What the cookie carries: who, which tenant, until when (seconds since the epoch). */
const PayloadSchema = z.strictObject({
  sub: z.string().regex(userNamePattern),
  tid: z.string().min(1).max(128),
  exp: z.number().int(),
});

/**
 * The secret from `EXAMPLE_SECRET`, or a random one for this run (every login then ends on restart). A set
 * but short secret is refused: it would make cookies forgeable.
 */
export function secretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env.EXAMPLE_SECRET;
  if (secret === undefined || secret === "") return randomBytes(32).toString("base64url");
  if (secret.length < minSecretLength) {
    throw new Error(`EXAMPLE_SECRET must be at least ${minSecretLength} characters.`);
  }
  return secret;
}

/**
 * Cookies of the form `payload.signature` (both base64url), where the payload is
 * `{"sub": user, "tid": tenant, "exp": seconds}` and the signature its HMAC-SHA256 under the secret. The
 * cookie is `HttpOnly` (no script reads it) and `SameSite=Lax` (other sites cannot send it with a POST).
 */
export function createSessionCookies(options: SessionCookieOptions): SessionCookies {
  if (options.secret.length < minSecretLength) {
    throw new Error(`The session secret must be at least ${minSecretLength} characters.`);
  }
  const tenantId = options.tenantId ?? "example";
  const maxAge = options.maxAgeSeconds ?? 8 * 60 * 60;
  const now = options.now ?? Date.now;
  const attributes = `Path=/; HttpOnly; SameSite=Lax${options.secure ? "; Secure" : ""}`;
  const sign = (payload: string) => createHmac("sha256", options.secret).update(payload).digest();

  function verify(cookieHeader: string | null | undefined): Principal | null {
    const value = cookieValue(cookieHeader ?? "", cookieName);
    const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
    if (!match) return null;
    const [, payload, signature] = match as unknown as [string, string, string];
    // Compared in constant time, so how long a check takes tells nothing about how much of a forgery matched.
    if (!timingSafeEqual(Buffer.from(signature, "base64url"), sign(payload))) return null;
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return null;
    }
    const parsed = PayloadSchema.safeParse(decoded);
    if (!parsed.success || parsed.data.exp * 1000 <= now()) return null;
    return { userId: parsed.data.sub, tenantId: parsed.data.tid };
  }

  return {
    name: cookieName,
    verify,
    auth: (request) => verify(request.headers.get("cookie")),
    issue(userName) {
      if (!userNamePattern.test(userName)) return null;
      const exp = Math.floor(now() / 1000) + maxAge;
      const payload = Buffer.from(JSON.stringify({ sub: userName, tid: tenantId, exp })).toString(
        "base64url",
      );
      const value = `${payload}.${sign(payload).toString("base64url")}`;
      return `${cookieName}=${value}; ${attributes}; Max-Age=${maxAge}`;
    },
    clear: () => `${cookieName}=; ${attributes}; Max-Age=0`,
  };
}

/** The first value of a cookie in a `Cookie` header. */
function cookieValue(header: string, name: string): string | undefined {
  for (const pair of header.split(";")) {
    const at = pair.indexOf("=");
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}
