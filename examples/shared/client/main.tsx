/**
 * The chat page's script: `<QuarryChat/>` over the host app's own API under `/api/quarry`. The browser sends
 * the host app's session cookie with every same-origin request, so the widget needs no token of its own;
 * when the session ends (the API answers 401) the page goes back to the login form.
 */
import { createChatClient, httpTransport, QuarryChat } from "@quarry/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

const client = createChatClient({ transport: httpTransport({ baseUrl: "/api/quarry" }) });

client.subscribe(() => {
  if (client.getState().error?.code === "UNAUTHORIZED") location.assign("/login");
});

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QuarryChat client={client} className="example-chat" />
    </StrictMode>,
  );
}
