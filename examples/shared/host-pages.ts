import type { Principal } from "@quarry/core";
import type { ClientBuild } from "./client-build.js";

/** A page to send: its status, headers (the CSP among them) and HTML. */
export interface HtmlPage {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly html: string;
}

/** The chat page of a signed-in user: a bar with their name and a sign-out button, and the widget. */
export function chatPage(client: ClientBuild, principal: Principal): HtmlPage {
  return page(
    client,
    200,
    "Quarry example",
    `<header class="example-bar">
      <span>Signed in as <strong>${escapeHtml(principal.userId)}</strong></span>
      <form method="post" action="/logout"><button type="submit">Sign out</button></form>
    </header>
    <div id="root"></div>
    <noscript>The chat needs JavaScript.</noscript>`,
    `<script type="module" src="${client.script}"></script>`,
  );
}

/** The login form; after a refused name, shown again with the reason (status 400). */
export function loginPage(client: ClientBuild, options: { rejectedName?: boolean } = {}): HtmlPage {
  const error = options.rejectedName ? invalidUserName : undefined;
  return page(
    client,
    error === undefined ? 200 : 400,
    "Sign in · Quarry example",
    `<main class="example-login">
      <form method="post" action="/login">
        <h1>Quarry example</h1>
        <p>A demo login: any user name will do. Each user sees only their own conversations and files.</p>
        ${error === undefined ? "" : `<p class="example-error" role="alert">${escapeHtml(error)}</p>`}
        <label><span>User name</span>
          <input name="name" autocomplete="username" required maxlength="64" autofocus />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </main>`,
  );
}

/** Why the login form refuses a name. */
const invalidUserName =
  "Use 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.";

/**
 * True when a form post comes from another site (its `Origin` is not this host): such posts are refused, so
 * no other page can sign a visitor in or out. Browsers send `Origin` with every POST; an opaque one (`null`,
 * from a sandboxed frame or a page without referrers) counts as cross-site.
 */
export function isCrossSitePost(origin: string | null | undefined, host: string | null | undefined): boolean {
  if (!origin) return false;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function page(client: ClientBuild, status: number, title: string, body: string, script = ""): HtmlPage {
  return {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": client.csp,
      // The page names the signed-in user: never kept by a shared cache.
      "cache-control": "no-store",
      // Not `no-referrer`: under it browsers send `Origin: null` with the login form, which reads as cross-site.
      "referrer-policy": "same-origin",
      "x-content-type-options": "nosniff",
    },
    html: `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <title>${title}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${client.stylesheet}" />
    ${script}
  </head>
  <body>
    ${body}
  </body>
</html>
`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
