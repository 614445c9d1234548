import { type ChatClient, createChatClient, httpTransport } from "@quarry/core/client";
import { createElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import { QuarryChat, type QuarryTheme } from "./quarry-chat.js";
import type { QuarryStrings } from "./strings.js";

/** Options of {@link defineQuarryChatElement}. */
export interface QuarryChatElementOptions {
  /** Default `quarry-chat`. */
  tagName?: string;
  /**
   * Makes the client for a `base-url` attribute (an element whose `client` property is set needs none).
   * Default: `createChatClient` over `httpTransport({ baseUrl })`; pass your own to add headers such as
   * `Authorization`.
   */
  createClient?(baseUrl: string): ChatClient;
}

/** The `<quarry-chat>` element's own properties. */
export interface QuarryChatElement extends HTMLElement {
  /** A client to show instead of one made from `base-url`; the element never disposes a client it was given. */
  client: ChatClient | null;
  /** Texts to replace, as `<QuarryChat strings>`. */
  strings: Partial<QuarryStrings> | undefined;
}

const hostStyles = ":host{display:block;height:100%;min-height:420px}:host([hidden]){display:none}";

/**
 * Registers `<quarry-chat>`, the widget for pages without React: attributes `base-url` (the server's Quarry
 * API) and `theme` (`light`, `dark`, `auto`), or a `client` property. It renders into its own shadow root,
 * styles included, so page CSS neither leaks in nor out. Safe to call more than once; returns the class.
 *
 * @example
 * ```ts
 * defineQuarryChatElement();
 * // <quarry-chat base-url="/api/quarry" theme="auto"></quarry-chat>
 * ```
 */
export function defineQuarryChatElement(options: QuarryChatElementOptions = {}): CustomElementConstructor {
  const tagName = options.tagName ?? "quarry-chat";
  const createClient = options.createClient ?? defaultClient;
  const existing = customElements.get(tagName);
  if (existing) return existing;

  // Declared here, not at module level, so importing the package in Node (SSR) never touches HTMLElement.
  class QuarryChatHTMLElement extends HTMLElement implements QuarryChatElement {
    static observedAttributes = ["base-url", "theme"];
    #root: Root | null = null;
    #given: ChatClient | null = null;
    #own: ChatClient | null = null;
    #strings: Partial<QuarryStrings> | undefined;

    get client(): ChatClient | null {
      return this.#given;
    }
    set client(value: ChatClient | null) {
      this.#given = value;
      this.#render();
    }

    get strings(): Partial<QuarryStrings> | undefined {
      return this.#strings;
    }
    set strings(value: Partial<QuarryStrings> | undefined) {
      this.#strings = value;
      this.#render();
    }

    connectedCallback(): void {
      if (!this.#root) {
        const shadow = this.shadowRoot ?? this.attachShadow({ mode: "open" });
        shadow.replaceChildren();
        const style = document.createElement("style");
        style.textContent = hostStyles;
        const mount = document.createElement("div");
        mount.style.height = "100%";
        shadow.append(style, mount);
        this.#root = createRoot(mount);
      }
      this.#render();
    }

    disconnectedCallback(): void {
      this.#root?.unmount();
      this.#root = null;
      this.#dropOwnClient();
    }

    attributeChangedCallback(name: string, previous: string | null, next: string | null): void {
      if (previous === next) return;
      if (name === "base-url") this.#dropOwnClient();
      this.#render();
    }

    #dropOwnClient(): void {
      this.#own?.dispose();
      this.#own = null;
    }

    #clientToShow(): ChatClient | null {
      if (this.#given) return this.#given;
      const baseUrl = this.getAttribute("base-url");
      if (!this.#own && baseUrl !== null) this.#own = createClient(baseUrl);
      return this.#own;
    }

    #render(): void {
      if (!this.#root) return;
      const client = this.#clientToShow();
      const theme = themeOf(this.getAttribute("theme"));
      this.#root.render(client ? createElement(QuarryChat, { client, theme, strings: this.#strings }) : null);
    }
  }

  customElements.define(tagName, QuarryChatHTMLElement);
  return QuarryChatHTMLElement;
}

function defaultClient(baseUrl: string): ChatClient {
  return createChatClient({ transport: httpTransport({ baseUrl }) });
}

function themeOf(value: string | null): QuarryTheme {
  return value === "light" || value === "dark" ? value : "auto";
}
