import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, principals, startTestApi, type TestApi } from "../http-test-kit.js";
import { dataFile, formOf, newSession, storedState } from "../upload-test-files.js";

interface Column {
  name: string;
  kind?: string;
  nullCount?: number;
}
interface UploadedDataset {
  id: string;
  tableName: string;
  version: number;
  rowCount: number;
  blobKey: string;
  columns: Column[];
  suggestions: unknown[];
  preview: { columns: Column[]; rows: unknown[][]; rowCount: number };
}

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

async function upload(sessionId: string, ...files: File[]): Promise<UploadedDataset[]> {
  const response = await api.call("alice", `/sessions/${sessionId}/datasets`, formOf(...files));
  expect(response.status).toBe(201);
  return ((await response.json()) as { datasets: UploadedDataset[] }).datasets;
}

describe("dataset routes", () => {
  it("uploads a CSV into a session: stored, attached, profiled and previewed", async () => {
    const sessionId = await newSession(api, "alice");
    const [weather, ...rest] = await upload(sessionId, await dataFile("seattle-weather.csv"));
    expect(rest).toEqual([]);
    expect(weather).toMatchObject({
      tableName: "seattle_weather",
      version: 1,
      rowCount: 1461,
      format: "csv",
    });
    expect(weather?.columns.map((c) => c.name)).toEqual([
      "date",
      "precipitation",
      "temp_max",
      "temp_min",
      "wind",
      "weather",
    ]);
    expect(weather?.columns.find((c) => c.name === "temp_max")).toMatchObject({
      kind: "number",
      nullCount: 0,
    });
    expect(weather?.preview.rowCount).toBe(1461);
    expect(weather?.preview.rows).toHaveLength(20);
    expect(weather?.preview.rows[1]).toEqual(["2012-01-02", 10.9, 10.6, 2.8, 4.5, "rain"]);
    expect(await api.quarry.blobs.head(weather?.blobKey ?? "")).not.toBeNull();

    const session = await (await api.call("alice", `/sessions/${sessionId}`)).json();
    expect(session.datasetIds).toEqual([weather?.id]);
    const listed = await (await api.call("alice", `/sessions/${sessionId}/datasets`)).json();
    expect(listed.datasets.map((d: { id: string }) => d.id)).toEqual([weather?.id]);
  });

  it("uploads two files of different formats in one request and attaches both, in order", async () => {
    const sessionId = await newSession(api, "alice");
    const datasets = await upload(
      sessionId,
      await dataFile("seattle-weather.csv"),
      await dataFile("penguins.json"),
    );
    expect(datasets.map((d) => [d.tableName, d.rowCount])).toEqual([
      ["seattle_weather", 1461],
      ["penguins", 344],
    ]);
    const penguins = datasets[1];
    expect(penguins?.preview.columns.map((c) => c.name)).toContain("Species");
    expect(penguins?.preview.rows[0]).toContain("Adelie");
    const listed = await (await api.call("alice", `/sessions/${sessionId}/datasets`)).json();
    expect(listed.datasets.map((d: { id: string }) => d.id)).toEqual(datasets.map((d) => d.id));
  });

  it("gives a second file of the same name its own table name, so the session's engine still opens", async () => {
    const sessionId = await newSession(api, "alice");
    await upload(sessionId, await dataFile("stocks.csv"));
    const [again] = await upload(sessionId, await dataFile("stocks.csv"));
    expect(again?.tableName).toBe("stocks_2");
  });

  it("gets a dataset with its profile, previews its rows, and deletes it", async () => {
    const sessionId = await newSession(api, "alice");
    const [weather] = await upload(sessionId, await dataFile("seattle-weather.csv"));
    const id = weather?.id;

    const got = await (await api.call("alice", `/datasets/${id}`)).json();
    expect(got).toMatchObject({ id, version: 1, rowCount: 1461, deletedAt: null });
    expect(got.columns.find((c: Column) => c.name === "weather")).toMatchObject({
      kind: "string",
      topValues: expect.arrayContaining([expect.objectContaining({ value: "rain" })]),
    });

    const preview = await (await api.call("alice", `/datasets/${id}/preview`)).json();
    expect(preview).toMatchObject({ rowCount: 1461, truncated: true });
    expect(preview.rows).toHaveLength(50);
    expect(preview.columns.map((c: Column) => c.name)).toEqual(weather?.columns.map((c) => c.name));
    expect(preview.rows[1]).toEqual(weather?.preview.rows[1]);
    const five = await (await api.call("alice", `/datasets/${id}/preview?limit=5`)).json();
    expect(five.rows).toHaveLength(5);
    for (const bad of ["0", "1001", "abc"]) {
      expect((await api.call("alice", `/datasets/${id}/preview?limit=${bad}`)).status).toBe(400);
    }

    expect((await api.call("alice", `/datasets/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api.call("alice", `/datasets/${id}`)).status).toBe(404);
    expect((await api.call("alice", `/datasets/${id}/preview`)).status).toBe(404);
    expect((await api.call("alice", `/datasets/${id}`, { method: "DELETE" })).status).toBe(404);
    const listed = await (await api.call("alice", `/sessions/${sessionId}/datasets`)).json();
    expect(listed.datasets).toEqual([]);
    expect((await api.call("alice", "/datasets/nope")).status).toBe(404);
  });

  it("cleans a dataset into version 2, keeping version 1 readable", async () => {
    const sessionId = await newSession(api, "alice");
    const [penguins] = await upload(sessionId, await dataFile("penguins.json"));
    const id = penguins?.id;
    const beak = penguins?.columns.find((c) => c.name === "Beak Length (mm)");
    expect(beak?.nullCount).toBeGreaterThan(0);

    const cleaned = await api.call(
      "alice",
      `/datasets/${id}/clean`,
      json({
        operations: [
          { op: "drop-nulls", column: "Beak Length (mm)" },
          { op: "normalize-case", column: "Sex", case: "lower" },
        ],
      }),
    );
    expect(cleaned.status).toBe(200);
    const v2 = await cleaned.json();
    expect(v2).toMatchObject({ id, version: 2, rowCount: 344 - (beak?.nullCount ?? 0) });
    expect(v2.preview.rows[0]).toContain("male");
    const latest = await (await api.call("alice", `/datasets/${id}`)).json();
    expect(latest).toMatchObject({ version: 2, rowCount: v2.rowCount });
    const preview = await (await api.call("alice", `/datasets/${id}/preview?limit=1000`)).json();
    expect(preview.rows).toHaveLength(v2.rowCount);
    expect(preview.truncated).toBe(false);
    const v1 = await api.store.datasets.get(principals.alice, id ?? "", { version: 1 });
    expect(await api.quarry.blobs.head(v1?.blobKey ?? "")).not.toBeNull();
  });

  it("refuses bad cleaning requests and leaves the dataset as it was", async () => {
    const sessionId = await newSession(api, "alice");
    const [weather] = await upload(sessionId, await dataFile("seattle-weather.csv"));
    const before = await storedState(api);
    const clean = (body: unknown) => api.call("alice", `/datasets/${weather?.id}/clean`, json(body));
    expect((await clean({ operations: [] })).status).toBe(400);
    expect((await clean({ operations: [{ op: "explode", column: "wind" }] })).status).toBe(400);
    expect((await clean({ operations: [{ op: "trim", column: "nope" }] })).status).toBe(400);
    const text = await api.call("alice", `/datasets/${weather?.id}/clean`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "{}",
    });
    expect(text.status).toBe(415);
    expect(await storedState(api)).toEqual(before);
  });

  it("answers 404 to other users and tenants on every route, and changes nothing", async () => {
    const sessionId = await newSession(api, "alice");
    const [weather] = await upload(sessionId, await dataFile("seattle-weather.csv"));
    const id = weather?.id;
    const before = await storedState(api);
    for (const user of ["bob", "eve"] as const) {
      const attempts: [string, RequestInit?][] = [
        [`/sessions/${sessionId}/datasets`, formOf(await dataFile("stocks.csv"))],
        [`/sessions/${sessionId}/datasets`],
        [`/datasets/${id}`],
        [`/datasets/${id}/preview`],
        [`/datasets/${id}/clean`, json({ operations: [{ op: "drop-duplicates" }] })],
        [`/datasets/${id}`, { method: "DELETE" }],
      ];
      for (const [path, init] of attempts) {
        const response = await api.call(user, path, init);
        expect({ path, init: init?.method, status: response.status }).toEqual({
          path,
          init: init?.method,
          status: 404,
        });
        expect((await response.json()).error.code).toBe("NOT_FOUND");
      }
    }
    expect(await storedState(api)).toEqual(before);
    expect((await api.call("alice", `/datasets/${id}`)).status).toBe(200);
  });
});
