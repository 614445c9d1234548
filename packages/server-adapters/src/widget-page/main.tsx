/**
 * The page `quarry serve` shows at `/`: `<QuarryChat/>` over the server's own API, full-page. It is bundled
 * for the browser by `scripts/build-widget-page.mjs` into `dist/widget/`, React and the chart libraries
 * included, so the page needs nothing from another origin and runs under a strict Content-Security-Policy.
 *
 * A server started with `--api-keys` needs a bearer key. Open the page once as `/?key=KEY`: the key moves
 * into this tab's `sessionStorage` and out of the address bar and history. Without one (or with a key the
 * server refuses) the page asks for it.
 */
import { type ChatClient, createChatClient, httpTransport, QuarryChat } from "@quarry/react";
import { type FormEvent, StrictMode, useState, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";

const keyName = "quarry:api-key";

function readKey(): string | null {
  try {
    return sessionStorage.getItem(keyName);
  } catch {
    return null;
  }
}

function writeKey(key: string | null): void {
  try {
    if (key === null) sessionStorage.removeItem(keyName);
    else sessionStorage.setItem(keyName, key);
  } catch {
    // Storage refused (a sandboxed frame): the key lasts until the page is left, which is all we can do.
  }
}

/** A `?key=` in the address is kept for this tab and removed, so it is not left in history or bookmarks. */
function takeKeyFromAddress(): void {
  const url = new URL(location.href);
  const key = url.searchParams.get("key");
  if (key === null) return;
  if (key.trim() !== "") writeKey(key.trim());
  url.searchParams.delete("key");
  history.replaceState(history.state, "", url);
}

function createClient(): ChatClient {
  return createChatClient({
    transport: httpTransport({
      baseUrl: "/api",
      // Read on every request, so a key entered later applies without a new client.
      headers: (): Record<string, string> => {
        const key = readKey();
        return key ? { authorization: `Bearer ${key}` } : {};
      },
    }),
  });
}

/** Whether the server turned the client away for want of a (valid) key. */
function useUnauthorized(client: ChatClient): boolean {
  return useSyncExternalStore(
    (listener) => client.subscribe(listener),
    () => client.getState().error?.code === "UNAUTHORIZED",
  );
}

function App() {
  const [client, setClient] = useState(createClient);
  const unauthorized = useUnauthorized(client);

  if (unauthorized) {
    return (
      <KeyForm
        rejected={readKey() !== null}
        onKey={(key) => {
          writeKey(key);
          client.dispose();
          // A fresh client loads the sessions and reopens the remembered one, now with the key.
          setClient(createClient());
        }}
      />
    );
  }
  return <QuarryChat client={client} className="quarry-page-chat" />;
}

function KeyForm({ rejected, onKey }: { rejected: boolean; onKey(key: string): void }) {
  const [key, setKey] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() !== "") onKey(key.trim());
  };
  return (
    <main className="quarry-key-page">
      <form className="quarry-key-form" onSubmit={submit}>
        <h1>Quarry</h1>
        <p>
          {rejected
            ? "The server did not accept that key; try again."
            : "This server needs an API key. It is kept in this tab only."}
        </p>
        <label>
          <span>API key</span>
          <input
            type="password"
            autoComplete="off"
            required
            value={key}
            onChange={(event) => setKey(event.target.value)}
          />
        </label>
        <button type="submit">Continue</button>
      </form>
    </main>
  );
}

takeKeyFromAddress();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
