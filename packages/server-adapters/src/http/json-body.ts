import { QuarryError } from "@quarry/core";
import { type ZodType, z } from "zod";

/**
 * Reads at most `maxBytes` of a request body, failing with `PAYLOAD_TOO_LARGE` as soon as it is exceeded
 * rather than after buffering it all.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(concat(chunks, size));
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return all;
}

function tooLarge(maxBytes: number): QuarryError {
  return new QuarryError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
}

/**
 * A JSON request body checked against a schema: `UNSUPPORTED_MEDIA_TYPE` when it is not JSON,
 * `INVALID_INPUT` when it does not parse or does not fit (saying which field is wrong).
 */
export async function readJson<T>(request: Request, schema: ZodType<T>, maxBytes: number): Promise<T> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new QuarryError(
      "UNSUPPORTED_MEDIA_TYPE",
      "Send the body as JSON (Content-Type: application/json).",
    );
  }
  const text = await readBodyText(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new QuarryError("INVALID_INPUT", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new QuarryError("INVALID_INPUT", `Invalid body: ${z.prettifyError(parsed.error)}`, {
      details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
    });
  }
  return parsed.data;
}
