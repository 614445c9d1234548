import { describe, expect, it } from "vitest";
import { streamInflateRaw } from "../browser-ingest/stream-inflate.js";
import { QuarryError } from "../errors/quarry-error.js";
import { deflatedRepeat, workbookEntries, xlsxBytes, zipBytes } from "./fixtures/test-files.js";
import { nodeInflateRaw } from "./node-inflate.js";
import {
  checkWorkbookZip,
  defaultWorkbookLimits,
  type InflateRaw,
  type WorkbookLimits,
} from "./zip-guard.js";

async function failure(check: Promise<void>): Promise<QuarryError> {
  const error = await check.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!QuarryError.is(error)) throw new Error(`expected a QuarryError, got ${String(error)}`);
  return error;
}

const sheet = (xml: string) => ({ name: "xl/worksheets/sheet1.xml", data: new TextEncoder().encode(xml) });

// The server and the browser run the same check, each with its own inflater.
describe.each<[string, InflateRaw]>([
  ["node:zlib", nodeInflateRaw],
  ["DecompressionStream", streamInflateRaw],
])("checkWorkbookZip with %s", (_, inflateRaw) => {
  const check = (bytes: Uint8Array, limits: Partial<WorkbookLimits> = {}) =>
    checkWorkbookZip(bytes, { ...defaultWorkbookLimits, ...limits }, inflateRaw);

  it("passes a real workbook", async () => {
    await check(xlsxBytes({ A: [["x"], [1]] }));
  });

  it("catches a bomb that lies about its size while inflating", async () => {
    const bomb = await deflatedRepeat(new Uint8Array(1024 * 1024).fill(0x20), 30);
    const zip = zipBytes(
      workbookEntries({ name: "xl/worksheets/sheet1.xml", compressed: bomb, claimedSize: 1000 }),
    );
    const error = await failure(check(zip, { maxUncompressedBytes: 20 * 1024 * 1024 }));
    expect([error.code, error.message]).toEqual(["INVALID_FILE", expect.stringMatching(/20 MB/)]);
  });

  it("counts cells across chunks", async () => {
    const zip = zipBytes(workbookEntries(sheet(`<sheetData>${'<c r="A1"/>'.repeat(11)}</sheetData>`)));
    expect((await failure(check(zip, { maxCells: 10 }))).message).toMatch(/more than 10 cells/);
    await check(zip, { maxCells: 11 });
  });

  it("refuses archives that are no workbook, cut off, do not inflate or have too many entries", async () => {
    const other = zipBytes([{ name: "readme.txt", data: new Uint8Array([1]) }]);
    expect((await failure(check(other))).message).toMatch(/not an Excel/);
    const good = xlsxBytes({ A: [["x"]] });
    expect((await failure(check(good.subarray(0, good.length - 100)))).message).toMatch(/corrupt/);
    // 0xff opens a deflate block of the reserved type 3, which no inflater accepts.
    const garbage = { bytes: new Uint8Array(64).fill(0xff), crc: 0, size: 10 };
    const broken = zipBytes(workbookEntries({ name: "xl/worksheets/sheet1.xml", compressed: garbage }));
    expect((await failure(check(broken))).message).toMatch(/does not inflate/);
    expect((await failure(check(good, { maxEntries: 2 }))).message).toMatch(/zip entries/);
  });
});
