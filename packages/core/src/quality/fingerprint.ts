/**
 * A short, stable fingerprint of a text: 52 bits from two multiplicative lanes over its UTF-16 code units,
 * as 13 hex digits. Synchronous and dependency-free, so it runs in the browser build too. Not a security
 * hash: it tells versions of a prompt or a memory apart, and is never the only thing keeping records apart.
 */
export function fingerprint(text: string): string {
  let a = 0x9e3779b1 ^ text.length;
  let b = 0x85ebca77;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b + unit, 0x27d4eb2f) ^ (b >>> 15);
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  const high = (b >>> 0) & 0xfffff;
  return high.toString(16).padStart(5, "0") + (a >>> 0).toString(16).padStart(8, "0");
}
