import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { QuarryError } from "@quarry/core";
import busboy from "busboy";

/** A file of a multipart upload, spooled to disk. */
export interface UploadedFile {
  path: string;
  /** The name the client gave, without any folders; `upload` when it gave none. */
  fileName: string;
  sizeBytes: number;
  /** The part's declared media type, when the client named one other than `application/octet-stream`. */
  mediaType?: string;
}

/** Options of {@link readUploads}. */
export interface ReadUploadsOptions {
  /** The largest request body, multipart framing included (`PAYLOAD_TOO_LARGE` past it). */
  maxBytes: number;
  /** An existing folder the files are written into; the caller removes it. */
  dir: string;
  /** The form field that carries the files. Default `file`. */
  field?: string;
  /** The most files one request may carry. Default 20. */
  maxFiles?: number;
  /** Runs on each file as soon as it is on disk; a throw fails the upload without reading further. */
  check?: (file: UploadedFile) => Promise<void>;
}

/**
 * Reads a `multipart/form-data` body with busboy, writing each file of the `file` field straight to a file in
 * `dir`, so no upload is ever held whole in memory. Resolves once every file is on disk and checked.
 *
 * Errors: `UNSUPPORTED_MEDIA_TYPE` for any other body, `PAYLOAD_TOO_LARGE` as soon as the body passes
 * `maxBytes` (or says it will), `INVALID_INPUT` for a malformed body, another field, too many files or none.
 */
export async function readUploads(request: Request, options: ReadUploadsOptions): Promise<UploadedFile[]> {
  const field = options.field ?? "file";
  const maxFiles = options.maxFiles ?? 20;
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    throw new QuarryError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Upload files as multipart/form-data in the "${field}" field.`,
    );
  }
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) throw tooLarge(options.maxBytes);
  if (!request.body) throw noFiles(field);

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": contentType },
      limits: { files: maxFiles, fileSize: options.maxBytes, fieldSize: 1024, parts: maxFiles + 10 },
    });
  } catch (cause) {
    throw new QuarryError("INVALID_INPUT", "The multipart body has no boundary.", { cause });
  }

  const files: UploadedFile[] = [];
  const spooling: Promise<void>[] = [];
  // Streams of files still being written: a failure destroys both ends, since the pipeline does not finish a
  // file whose source busboy never ended.
  const open = new Set<Readable | Writable>();
  let failure: unknown;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const fail = (error: unknown) => {
    if (failure !== undefined) return;
    failure = error;
    for (const stream of open) stream.destroy();
    parser.destroy();
    stop();
  };

  parser.on("file", (name: string, stream: Readable, info: busboy.FileInfo) => {
    // A parser destroyed mid-file errors the file's stream; one that is skipped has nobody else listening.
    stream.on("error", () => {});
    if (failure !== undefined) return void stream.resume();
    if (name !== field) {
      stream.resume();
      return fail(invalid(`Unexpected file field ${JSON.stringify(name)}; send files as "${field}".`));
    }
    const mediaType = info.mimeType?.trim().toLowerCase();
    const file: UploadedFile = {
      path: join(options.dir, `upload-${files.length + 1}`),
      fileName: info.filename?.trim() || "upload",
      sizeBytes: 0,
      ...(mediaType && mediaType !== "application/octet-stream" ? { mediaType } : {}),
    };
    files.push(file);
    stream.on("limit", () => fail(tooLarge(options.maxBytes)));
    const out = createWriteStream(file.path, { flags: "wx" });
    open.add(stream).add(out);
    spooling.push(
      pipeline(stream, out)
        .then(() => {
          open.delete(stream);
          open.delete(out);
          file.sizeBytes = out.bytesWritten;
          if (failure === undefined) return options.check?.(file);
        })
        .catch(fail),
    );
  });
  parser.on("field", (name: string) =>
    fail(
      invalid(
        name === field
          ? `The "${field}" field must be a file, not text.`
          : `Unexpected field ${JSON.stringify(name)}; send files as "${field}".`,
      ),
    ),
  );
  parser.on("filesLimit", () => fail(invalid(`At most ${maxFiles} files can be uploaded at once.`)));
  parser.on("partsLimit", () => fail(invalid("The multipart body has too many parts.")));
  const parsed = new Promise<void>((resolve) => {
    parser.on("close", resolve);
    parser.on("error", (cause: unknown) => fail(invalid("The multipart body is malformed.", cause)));
  });

  await feed(request.body, parser, options.maxBytes, stopped).catch(fail);
  await Promise.race([parsed, stopped]);
  await Promise.allSettled(spooling);
  // A check may have failed after the last write; `failure` is only read once everything settled.
  if (failure !== undefined) throw QuarryError.from(failure);
  if (files.length === 0) throw noFiles(field);
  return files;
}

/**
 * Writes the body into the parser, counting bytes. Past `maxBytes` it stops without cancelling the body:
 * under Node a cancel destroys the socket before the 413 can be sent, while a body left unread is drained
 * or closed by the server once the response is out.
 */
async function feed(
  body: ReadableStream<Uint8Array>,
  parser: busboy.Busboy,
  maxBytes: number,
  stopped: Promise<void>,
): Promise<void> {
  const reader = body.getReader();
  let size = 0;
  let halted = false;
  void stopped.then(() => (halted = true));
  try {
    for (;;) {
      const read = await Promise.race([reader.read(), stopped.then(() => ({ done: true }) as const)]);
      if (read.done || halted) break;
      size += read.value.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      if (!parser.write(read.value)) await Promise.race([once(parser, "drain"), stopped]);
    }
    if (!halted) parser.end();
  } finally {
    reader.releaseLock();
  }
}

function invalid(message: string, cause?: unknown): QuarryError {
  return new QuarryError("INVALID_INPUT", message, cause === undefined ? {} : { cause });
}

function noFiles(field: string): QuarryError {
  return invalid(`Send one or more files in the "${field}" field.`);
}

function tooLarge(maxBytes: number): QuarryError {
  return new QuarryError("PAYLOAD_TOO_LARGE", `The upload is larger than the limit of ${maxBytes} bytes.`, {
    details: { maxBytes },
  });
}
