import { Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";

/**
 * The server's `InflateRaw` for `checkWorkbookZip` (`zip-guard.ts`): `node:zlib`, with the stream destroyed
 * when the check stops reading early (a limit was hit), so a bomb's remaining output is never produced.
 */
export async function* nodeInflateRaw(data: Uint8Array): AsyncGenerator<Uint8Array> {
  const inflate = Readable.from([data]).pipe(createInflateRaw());
  try {
    for await (const chunk of inflate) yield chunk as Uint8Array;
  } finally {
    inflate.destroy();
  }
}
