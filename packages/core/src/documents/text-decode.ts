/**
 * Bytes to text for the documents feature: UTF-8 (with or without a byte-order mark), UTF-16 with a mark, and
 * single-byte legacy text (Windows-1252, which covers Latin-1), or null for bytes that are not text at all.
 */

/**
 * The text the bytes hold, or null when they are binary (an image, an archive, an Office file). A mark
 * decides UTF-8 or UTF-16; without one, UTF-8 when the bytes are valid UTF-8, else Windows-1252 when they
 * look like text (no NUL, almost no control characters), as an old editor on Windows saves a `.txt`.
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return strict("utf-8", bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return lenient("utf-16le", bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return lenient("utf-16be", bytes.subarray(2));
  if (bytes.includes(0)) return null;
  const utf8 = strict("utf-8", bytes);
  if (utf8 !== null) return looksLikeText(utf8) ? utf8 : null;
  const legacy = decodeWindows1252(bytes);
  return looksLikeText(legacy) ? legacy : null;
}

/**
 * Windows-1252 by hand: Node's `TextDecoder("windows-1252")` decodes it as ISO-8859-1, turning `0x80`–`0x9F`
 * (€, curly quotes, dashes) into invisible control characters.
 */
const cp1252High = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

function decodeWindows1252(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8_192) {
    const codes = Array.from(bytes.subarray(i, i + 8_192), (byte) =>
      byte >= 0x80 && byte < 0xa0 ? cp1252High.charCodeAt(byte - 0x80) : byte,
    );
    text += String.fromCharCode(...codes);
  }
  return text;
}

/** Text has at most a stray control character or two per thousand characters. */
function looksLikeText(text: string): boolean {
  let controls = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) controls++;
  return controls <= Math.max(2, text.length / 1_000);
}

/** Control characters other than tab, line feed, form feed and carriage return: rare in text, common in binary. */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0x7f;
}

function strict(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Decodes with replacement characters; null only when the platform lacks the encoding. */
function lenient(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
