import { invalidFile } from "./detect-format.js";

/** Limits a workbook must stay under before it is parsed. */
export interface WorkbookLimits {
  /** Total uncompressed size of all zip entries (default 200 MB). */
  maxUncompressedBytes?: number;
  /** Zip entries (default 10,000). */
  maxEntries?: number;
  /** Non-empty cells over all sheets read (default 1,000,000). */
  maxCells?: number;
}

/** The default {@link WorkbookLimits}. */
export const defaultWorkbookLimits: Required<WorkbookLimits> = {
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxEntries: 10_000,
  maxCells: 1_000_000,
};

/**
 * Inflates raw deflate data (zip method 8) chunk by chunk; ending the iteration early must free the inflater.
 * Injected because each platform has its own: `node:zlib` on a server, `DecompressionStream` in a browser.
 */
export type InflateRaw = (data: Uint8Array) => AsyncIterable<Uint8Array>;

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/**
 * Checks an .xlsx before SheetJS sees it, so a zip bomb or a corrupt archive is an `INVALID_FILE` instead of a
 * process out of memory. The declared sizes and entry count are checked first (cheap), then every entry is
 * really inflated, counting bytes and discarding them, because a hostile archive can lie about its sizes;
 * while the sheets inflate, their `<c>` elements are counted against the cell limit.
 */
export async function checkWorkbookZip(
  bytes: Uint8Array,
  limits: Required<WorkbookLimits>,
  inflateRaw: InflateRaw,
): Promise<void> {
  const entries = centralDirectory(bytes);
  if (entries.length > limits.maxEntries) {
    throw invalidFile(
      `The workbook has ${entries.length} zip entries, more than the limit of ${limits.maxEntries}.`,
    );
  }
  if (!entries.some((e) => e.name.startsWith("xl/"))) {
    throw invalidFile("The file is a zip archive but not an Excel workbook (it has no xl/ folder).");
  }
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > limits.maxUncompressedBytes) throw tooBig(limits.maxUncompressedBytes);

  let inflated = 0;
  let cells = 0;
  for (const entry of entries) {
    if (entry.flags & 1) throw invalidFile("The workbook is encrypted.");
    const data = entryData(bytes, entry);
    const isSheet = /^xl\/worksheets\/[^/]+\.xml$/.test(entry.name);
    const counter = isSheet ? cellCounter() : null;
    for await (const chunk of inflateEntry(data, entry, inflateRaw)) {
      inflated += chunk.byteLength;
      if (inflated > limits.maxUncompressedBytes) throw tooBig(limits.maxUncompressedBytes);
      if (counter) {
        cells = counter(chunk, cells);
        if (cells > limits.maxCells) {
          throw invalidFile(`The workbook has more than ${limits.maxCells} cells, the limit.`);
        }
      }
    }
  }
}

function tooBig(limit: number): Error {
  return invalidFile(`The workbook unpacks to more than ${Math.round(limit / 1024 / 1024)} MB, the limit.`);
}

/** The entries listed in the zip's central directory. */
function centralDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 65_557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw invalidFile("The workbook is corrupt (no zip directory; the file may be truncated).");
  const count = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || offset === 0xffffffff) throw invalidFile("ZIP64 workbooks are not supported.");
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== 0x02014b50) {
      throw invalidFile("The workbook is corrupt (bad zip directory).");
    }
    const nameLength = view.getUint16(at + 28, true);
    const entry: ZipEntry = {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    if (entry.uncompressedSize === 0xffffffff || entry.compressedSize === 0xffffffff) {
      throw invalidFile("ZIP64 workbooks are not supported.");
    }
    entries.push(entry);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== 0x04034b50) {
    throw invalidFile("The workbook is corrupt (bad zip entry).");
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.byteLength) throw invalidFile("The workbook is corrupt (a zip entry is cut off).");
  return bytes.subarray(start, end);
}

async function* inflateEntry(
  data: Uint8Array,
  entry: ZipEntry,
  inflateRaw: InflateRaw,
): AsyncGenerator<Uint8Array> {
  if (entry.method === 0) {
    yield data;
    return;
  }
  if (entry.method !== 8)
    throw invalidFile(`The workbook uses an unsupported zip compression (${entry.method}).`);
  try {
    yield* inflateRaw(data);
  } catch (error) {
    throw invalidFile("The workbook is corrupt (a zip entry does not inflate).", error);
  }
}

/** What may follow `<c` in a cell element: space, `>`, `/`, tab, line feed, carriage return. */
const cellEnds = new Set([0x20, 0x3e, 0x2f, 0x09, 0x0a, 0x0d]);

/** Counts `<c ` / `<c>` / `<c/` (a cell element) across chunks, carrying the last two bytes over. */
function cellCounter(): (chunk: Uint8Array, count: number) => number {
  let prev2 = 0;
  let prev1 = 0;
  return (chunk, count) => {
    let n = count;
    for (const byte of chunk) {
      if (prev2 === 0x3c && prev1 === 0x63 && cellEnds.has(byte)) n++;
      prev2 = prev1;
      prev1 = byte;
    }
    return n;
  };
}
