/**
 * Makes an answer open with the fallback sentence ("Apologies, there's not enough information available, but
 * based on what I can see...") when the turn's document searches found nothing relevant. It sits on the
 * streamed text: deltas are held back only while they could still be the model writing the sentence itself,
 * so the user sees the same text that is stored, and a model that followed its instructions is not doubled.
 */
export class FallbackGate {
  readonly #fallback: string;
  readonly #wanted: string;
  #held = "";
  #settled = false;

  constructor(fallback: string) {
    this.#fallback = fallback.trim();
    this.#wanted = normalize(this.#fallback);
  }

  /** Whether the opening is decided (written by the model or prefixed); later deltas pass unchanged. */
  get settled(): boolean {
    return this.#settled;
  }

  /** The text to show for one delta of the answer: "" while held back. */
  push(delta: string): string {
    if (this.#settled) return delta;
    this.#held += delta;
    const seen = normalize(this.#held);
    if (seen.length < this.#wanted.length && this.#wanted.startsWith(seen)) return "";
    return this.#release(seen.startsWith(this.#wanted));
  }

  /** What is still held back when the model's text ends. */
  flush(): string {
    if (this.#settled) return "";
    const seen = normalize(this.#held);
    if (seen === "") return "";
    return this.#release(seen === this.#wanted);
  }

  #release(modelWroteIt: boolean): string {
    this.#settled = true;
    const held = this.#held;
    this.#held = "";
    return modelWroteIt ? held : `${this.#fallback} ${held.trimStart()}`;
  }
}

/** Case, spacing, ellipses and quote styles do not make a different sentence. */
function normalize(text: string): string {
  return text
    .trimStart()
    .toLowerCase()
    .replaceAll("…", "...")
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, " ");
}
