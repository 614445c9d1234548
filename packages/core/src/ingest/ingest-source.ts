import { createWriteStream } from "node:fs";
import { mkdtemp, open, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { byteChunks } from "../blob/blob-body.js";
import { QuarryError } from "../errors/quarry-error.js";
import { invalidFile } from "./detect-format.js";
import { countBytes } from "./ingest-progress.js";

/**
 * Where a file to ingest comes from: a path (read in place), bytes, or a stream (a web `ReadableStream` or
 * any async iterable of chunks such as a Node stream), which is spooled to a temp file and never held whole
 * in memory.
 */
export type IngestSource =
  | { path: string; fileName?: string }
  | { bytes: Uint8Array | ArrayBuffer; fileName: string }
  | { stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>; fileName: string };

/** The default upload cap: 2 GiB. */
export const defaultMaxBytes = 2 * 1024 ** 3;

/** A source as a file on disk. */
export interface LocalFile {
  path: string;
  fileName: string;
  sizeBytes: number;
}

/** A temporary folder for one ingest or cleaning run, removed as a whole. */
export interface WorkDir {
  readonly path: string;
  remove(): Promise<void>;
}

/** Makes a fresh folder under `parent` (default: the OS temp folder). */
export async function createWorkDir(parent?: string): Promise<WorkDir> {
  const path = await mkdtemp(join(resolve(parent ?? tmpdir()), "quarry-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * The source as a local file: a path as it is, bytes and streams written into `workDir`. Refuses with
 * `PAYLOAD_TOO_LARGE` past `maxBytes` (a stream stops being read at that point). `onSpooled` hears how many
 * bytes of a stream have arrived so far.
 */
export async function materializeSource(
  source: IngestSource,
  workDir: string,
  maxBytes: number,
  onSpooled?: (bytes: number) => void,
): Promise<LocalFile> {
  if ("path" in source) {
    const path = resolve(source.path);
    const info = await stat(path).catch((cause: unknown) => {
      throw invalidFile(`The file ${JSON.stringify(basename(path))} cannot be read.`, cause);
    });
    if (!info.isFile()) throw invalidFile(`${JSON.stringify(basename(path))} is not a file.`);
    if (info.size > maxBytes) throw tooLarge(maxBytes);
    return { path, fileName: source.fileName ?? basename(path), sizeBytes: info.size };
  }
  const path = join(workDir, "source");
  if ("bytes" in source) {
    const bytes = source.bytes instanceof Uint8Array ? source.bytes : new Uint8Array(source.bytes);
    if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
    const file = await open(path, "wx");
    try {
      await file.writeFile(bytes);
    } finally {
      await file.close();
    }
    return { path, fileName: source.fileName, sizeBytes: bytes.byteLength };
  }
  const chunks = byteChunks(source.stream, maxBytes);
  await pipeline(
    Readable.from(onSpooled ? countBytes(chunks, onSpooled) : chunks),
    createWriteStream(path, { flags: "wx" }),
  );
  return { path, fileName: source.fileName, sizeBytes: (await stat(path)).size };
}

/** The first bytes of a file. */
export async function readHead(path: string, length: number): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function tooLarge(maxBytes: number): QuarryError {
  return new QuarryError("PAYLOAD_TOO_LARGE", `The file is larger than the limit of ${maxBytes} bytes.`, {
    details: { maxBytes },
  });
}
