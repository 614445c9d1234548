/** The examples' host pages: what they render, and which form posts count as cross-site. */
import { describe, expect, it } from "vitest";
import type { ClientBuild } from "../../examples/shared/client-build.js";
import { chatPage, isCrossSitePost, loginPage } from "../../examples/shared/host-pages.js";

const client: ClientBuild = {
  dir: "/nowhere",
  script: "/assets/main-ABC.js",
  stylesheet: "/assets/page-DEF.css",
  csp: "default-src 'none'",
};

describe("the examples' host pages", () => {
  it("tells same-site form posts from cross-site ones", () => {
    expect(isCrossSitePost("http://127.0.0.1:3001", "127.0.0.1:3001")).toBe(false);
    // A client that sends no Origin (curl, an old browser) is let through: the cookie is SameSite=Lax anyway.
    expect(isCrossSitePost(undefined, "127.0.0.1:3001")).toBe(false);
    expect(isCrossSitePost("https://evil.example", "127.0.0.1:3001")).toBe(true);
    expect(isCrossSitePost("http://127.0.0.1:3002", "127.0.0.1:3001")).toBe(true);
    // Opaque origins (a sandboxed frame, a page that sends no referrers) cannot prove where they are from.
    expect(isCrossSitePost("null", "127.0.0.1:3001")).toBe(true);
  });

  it("renders the chat page with the bundle, the CSP, and the user's name escaped", () => {
    const page = chatPage(client, { userId: "<b>x</b>", tenantId: "t" });
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toBe("default-src 'none'");
    expect(page.headers["referrer-policy"]).toBe("same-origin");
    expect(page.html).toContain('<script type="module" src="/assets/main-ABC.js"></script>');
    expect(page.html).toContain('<link rel="stylesheet" href="/assets/page-DEF.css" />');
    expect(page.html).toContain("&#60;b&#62;x&#60;/b&#62;");
    expect(page.html).not.toContain("<b>x</b>");
  });

  it("renders the login form, with the reason and 400 after a refused name, and no script", () => {
    const plain = loginPage(client);
    expect(plain.status).toBe(200);
    expect(plain.html).not.toContain('role="alert"');
    expect(plain.html).not.toContain("<script");
    const refused = loginPage(client, { rejectedName: true });
    expect(refused.status).toBe(400);
    expect(refused.html).toMatch(/role="alert">Use 1 to 64 letters/);
  });
});
