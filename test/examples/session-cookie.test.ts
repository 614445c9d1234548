/** The examples' demo session cookie: what it accepts, what it refuses, and its secret. */
import { describe, expect, it } from "vitest";
import { createSessionCookies, secretFromEnv } from "../../examples/shared/session-cookie.js";

const secret = "s".repeat(32);

/** The `name=value` part of a `Set-Cookie` value, as a browser would send it back. */
const sent = (setCookie: string) => setCookie.split(";")[0]!;

describe("the examples' session cookie", () => {
  it("round-trips a user into the principal of the configured tenant", () => {
    const cookies = createSessionCookies({ secret, tenantId: "acme" });
    const issued = cookies.issue("alice.smith")!;
    expect(issued).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const request = new Request("http://app.test/", { headers: { cookie: `theme=dark; ${sent(issued)}` } });
    expect(cookies.auth(request)).toEqual({ userId: "alice.smith", tenantId: "acme" });
    expect(cookies.verify(undefined)).toBeNull();
  });

  it("ends a login when it expires, and marks the cookie Secure when asked", () => {
    let now = Date.UTC(2026, 0, 1);
    const cookies = createSessionCookies({ secret, maxAgeSeconds: 60, secure: true, now: () => now });
    const issued = cookies.issue("alice")!;
    expect(issued).toContain("; Secure");
    now += 59_000;
    expect(cookies.verify(sent(issued))).toEqual({ userId: "alice", tenantId: "example" });
    now += 1_000;
    expect(cookies.verify(sent(issued))).toBeNull();
  });

  it("refuses a cookie signed with another secret, or changed after signing", () => {
    const cookies = createSessionCookies({ secret });
    const other = createSessionCookies({ secret: "t".repeat(32) });
    expect(cookies.verify(sent(other.issue("alice")!))).toBeNull();
    const value = sent(cookies.issue("alice")!).split("=")[1]!;
    const [payload, signature] = value.split(".") as [string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === "A" ? "B" : "A"}${signature.at(-1)}`;
    expect(cookies.verify(`quarry_example_session=${payload}.${flipped}`)).toBeNull();
    expect(cookies.verify(`quarry_example_session=${payload}x.${signature}`)).toBeNull();
    expect(cookies.verify(`quarry_example_session=${payload}`)).toBeNull();
  });

  it("refuses user names that are not plain names", () => {
    const cookies = createSessionCookies({ secret });
    for (const name of ["", "a b", "-alice", "x".repeat(65), "alice\n", "<script>"]) {
      expect(cookies.issue(name), JSON.stringify(name)).toBeNull();
    }
    expect(cookies.clear()).toMatch(/^quarry_example_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
  });

  it("takes EXAMPLE_SECRET when long enough, else refuses it, and makes a random one without it", () => {
    expect(secretFromEnv({ EXAMPLE_SECRET: "k".repeat(40) })).toBe("k".repeat(40));
    expect(() => secretFromEnv({ EXAMPLE_SECRET: "short" })).toThrow(/at least 32/);
    const [a, b] = [secretFromEnv({}), secretFromEnv({})];
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(() => createSessionCookies({ secret: "short" })).toThrow(/at least 32/);
  });
});
