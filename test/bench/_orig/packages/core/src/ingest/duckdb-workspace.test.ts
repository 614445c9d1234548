import { afterAll, beforeAll, expect, test } from "vitest";
import { openWorkspace } from "./duckdb-workspace.js";
import { tempFolder } from "./fixtures/test-files.js";
import { quoteLiteral } from "./sql-quote.js";

let work: Awaited<ReturnType<typeof tempFolder>>;
let outside: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  work = await tempFolder();
  outside = await tempFolder();
});
afterAll(async () => {
  await work.cleanup();
  await outside.cleanup();
});

test("the workspace reads only the files it was given and writes only its folder", async () => {
  const allowed = await outside.file("allowed.csv", "a\n1\n");
  const secret = await outside.file("secret.csv", "password\nhunter2\n");
  const ws = await openWorkspace({ workDir: work.path, readableFiles: [allowed] });
  try {
    expect((await ws.all(`SELECT * FROM read_csv(${quoteLiteral(allowed)})`)).rows).toEqual([[1]]);
    await expect(ws.all(`SELECT * FROM read_csv(${quoteLiteral(secret)})`)).rejects.toThrow(
      /Permission|disabled/,
    );
    await ws.run(`COPY (SELECT 1 AS x) TO ${quoteLiteral(`${work.path}/ok.parquet`)} (FORMAT parquet)`);
    await expect(
      ws.run(`COPY (SELECT 1 AS x) TO ${quoteLiteral(`${outside.path}/nope.parquet`)} (FORMAT parquet)`),
    ).rejects.toThrow(/Permission|disabled/);
    await expect(ws.run("SET enable_external_access = true")).rejects.toThrow(/locked/i);
  } finally {
    ws.close();
  }
});
