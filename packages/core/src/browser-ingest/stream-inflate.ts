/**
 * The browser's `InflateRaw` for `checkWorkbookZip` (`zip-guard.ts`): the web's `DecompressionStream`, read
 * chunk by chunk and cancelled when the check stops reading early (a limit was hit), so a bomb is never
 * inflated whole.
 */
export async function* streamInflateRaw(data: Uint8Array): AsyncGenerator<Uint8Array> {
  const reader = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream("deflate-raw"))
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
