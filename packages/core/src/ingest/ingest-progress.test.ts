import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createMemoryBlobStore } from "../blob/memory-blob-store.js";
import { createMemoryStore } from "../store/memory-store.js";
import { evalData, tempFolder, xlsxBytes } from "./fixtures/test-files.js";
import { ingestDataset } from "./ingest-dataset.js";
import { ingestFile } from "./ingest-file.js";
import { type IngestProgress, progressReporter } from "./ingest-progress.js";

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(() => folder.cleanup());

const weather = join(evalData, "seattle-weather.csv");

/** The stages in the order first seen, each once. */
const stagesOf = (events: IngestProgress[]) => [...new Set(events.map((e) => e.stage))];

/** Fails unless, within each stage, `bytes` never goes down. */
function expectRisingBytes(events: IngestProgress[]): void {
  for (const stage of stagesOf(events)) {
    const bytes = events.filter((e) => e.stage === stage).map((e) => e.bytes ?? 0);
    expect(bytes, stage).toEqual([...bytes].sort((a, b) => a - b));
  }
}

describe("progressReporter", () => {
  test("passes on only news in order: stages forward, bytes up, totals kept", () => {
    const heard: IngestProgress[] = [];
    const report = progressReporter((p) => heard.push(p))!;
    report({ stage: "reading", bytes: 10 });
    report({ stage: "reading", bytes: 0, totalBytes: 40 });
    report({ stage: "reading", bytes: 5, totalBytes: 40 });
    report({ stage: "reading", bytes: 30 });
    report({ stage: "profiling" });
    report({ stage: "reading", bytes: 40, totalBytes: 40 });
    report({ stage: "profiling" });
    report({ stage: "writing", bytes: 0, totalBytes: 8 });
    expect(heard).toEqual([
      { stage: "reading", bytes: 10 },
      { stage: "reading", bytes: 10, totalBytes: 40 },
      { stage: "reading", bytes: 30, totalBytes: 40 },
      { stage: "profiling" },
      { stage: "writing", bytes: 0, totalBytes: 8 },
    ]);
  });

  test("is undefined without a listener and survives one that throws", () => {
    expect(progressReporter()).toBeUndefined();
    const report = progressReporter(() => {
      throw new Error("the terminal went away");
    })!;
    expect(() => report({ stage: "reading", bytes: 1 })).not.toThrow();
  });
});

describe("ingest progress", () => {
  test("ingestFile reports the bytes of a file read up to its size, then profiling", async () => {
    const events: IngestProgress[] = [];
    const { size } = await stat(weather);
    const result = await ingestFile({ path: weather }, { onProgress: (p) => events.push(p) });
    await result.dispose();
    expect(stagesOf(events)).toEqual(["reading", "profiling"]);
    expect(events[0]).toEqual({ stage: "reading", bytes: 0, totalBytes: size });
    expect(events.filter((e) => e.stage === "reading").at(-1)).toEqual({
      stage: "reading",
      bytes: size,
      totalBytes: size,
    });
    expectRisingBytes(events);
    expect(events.at(-1)).toEqual({ stage: "profiling" });
  });

  test("a stream reports each chunk as it is spooled, before its size is known", async () => {
    const text = new TextEncoder().encode("city,temp\nOslo,3\nLima,19\nCairo,30\n");
    const chunks = [text.subarray(0, 10), text.subarray(10, 20), text.subarray(20)];
    async function* stream() {
      yield* chunks;
    }
    const events: IngestProgress[] = [];
    const result = await ingestFile(
      { stream: stream(), fileName: "cities.csv" },
      { onProgress: (p) => events.push(p) },
    );
    await result.dispose();
    expect(result.tables[0]?.rowCount).toBe(3);
    expect(events).toEqual([
      { stage: "reading", bytes: 10 },
      { stage: "reading", bytes: 20 },
      { stage: "reading", bytes: text.byteLength },
      { stage: "reading", bytes: text.byteLength, totalBytes: text.byteLength },
      { stage: "profiling" },
    ]);
  });

  test("ingestDataset adds writing, up to the size of the Parquet copies it stores", async () => {
    const blobs = createMemoryBlobStore();
    const events: IngestProgress[] = [];
    const path = await folder.file(
      "book.xlsx",
      xlsxBytes({ north: [["a"], [1], [2]], south: [["b"], ["x"], ["y"], ["z"]] }),
    );
    const { datasets } = await ingestDataset({
      store: createMemoryStore(),
      blobs,
      principal: { userId: "u1", tenantId: "t1" },
      source: { path },
      onProgress: (p) => events.push(p),
    });
    expect(datasets).toHaveLength(2);
    expect(stagesOf(events)).toEqual(["reading", "profiling", "writing"]);
    expectRisingBytes(events);
    let stored = 0;
    for (const { dataset } of datasets) stored += (await blobs.head(dataset.blobKey!))!.size;
    const writing = events.filter((e) => e.stage === "writing");
    expect(writing[0]).toEqual({ stage: "writing", bytes: 0, totalBytes: stored });
    expect(writing.at(-1)).toEqual({ stage: "writing", bytes: stored, totalBytes: stored });
  });

  test("a large CSV reports bytes between none and all while DuckDB reads it", async () => {
    // About 40 MB: DuckDB needs a few hundred milliseconds for it, several times the polling interval.
    const path = join(folder.path, "large.csv");
    const out = createWriteStream(path);
    out.write("id,name,value,day\n");
    for (let block = 0; block < 100; block += 1) {
      const lines: string[] = [];
      for (let i = block * 10_000; i < (block + 1) * 10_000; i += 1) {
        lines.push(
          `${i},name number ${i % 977},${(i * 7.31) % 1000},2024-01-${String((i % 28) + 1).padStart(2, "0")}`,
        );
      }
      if (!out.write(`${lines.join("\n")}\n`)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    const { size } = await stat(path);

    const events: IngestProgress[] = [];
    const result = await ingestFile({ path }, { onProgress: (p) => events.push(p) });
    await result.dispose();
    expect(result.tables[0]?.rowCount).toBe(1_000_000);
    const between = events.filter((e) => e.stage === "reading" && e.bytes! > 0 && e.bytes! < size);
    expect(between.length).toBeGreaterThan(0);
    expect(between.every((e) => e.totalBytes === size)).toBe(true);
    expectRisingBytes(events);
  });
});
