import { fileURLToPath } from "node:url";
import { ingestDataset } from "@quarry/core/ingest";
// Ajv comes with the MCP SDK; no OpenAPI validator is installed, so the schemas are checked as JSON Schema.
import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, principals, readSse, startTestApi, type TestApi } from "./http-test-kit.js";
import { buildOpenApiDocument, type OpenApiDocument } from "./openapi-document.js";
import { createQuarryApp } from "./quarry-app.js";

const weatherCsv = fileURLToPath(
  new URL("../../../../../shared/eval/data/seattle-weather.csv", import.meta.url),
);

/** Every route of the API, as the document must list it. */
const routes = [
  "post /sessions",
  "get /sessions",
  "get /sessions/{id}",
  "patch /sessions/{id}",
  "delete /sessions/{id}",
  "post /sessions/{id}/datasets",
  "get /sessions/{id}/datasets",
  "get /datasets/{id}",
  "get /datasets/{id}/preview",
  "delete /datasets/{id}",
  "post /datasets/{id}/clean",
  "post /sessions/{id}/documents",
  "get /sessions/{id}/documents",
  "delete /sessions/{id}/documents/{documentId}",
  "get /sessions/{id}/memory",
  "put /sessions/{id}/memory",
  "get /datasets/{id}/glossary",
  "put /datasets/{id}/glossary",
  "post /datasets/{id}/insights",
  "get /datasets/{id}/insights",
  "post /sessions/{id}/messages",
  "get /sessions/{id}/messages",
  "patch /messages/{id}",
  "post /messages/{id}/feedback",
  "get /messages/{id}/export.xlsx",
  "get /messages/{id}/export.csv",
  "get /sessions/{id}/export.xlsx",
  "get /messages/{id}/chart.svg",
  "get /messages/{id}/chart.png",
  "get /models",
  "get /audit",
  "get /health",
  "get /openapi.json",
  "post /mcp",
];

type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: { $ref?: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, unknown>;
};

function operations(document: OpenApiDocument): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => [`${method} ${path}`, op as Operation] as [string, Operation]),
  );
}

/** Every `[key path, value]` of a JSON value. */
function* walk(value: unknown, at = ""): Generator<[string, string, unknown]> {
  if (typeof value !== "object" || value === null) return;
  for (const [key, child] of Object.entries(value)) {
    yield [at, key, child];
    yield* walk(child, `${at}/${key}`);
  }
}

function resolvePointer(document: unknown, pointer: string): unknown {
  return pointer
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce<unknown>(
      (node, part) =>
        node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined,
      document,
    );
}

describe("the OpenAPI document", () => {
  const document = buildOpenApiDocument({ basePath: "/api" });

  it("is OpenAPI 3.1 with a server at the base path and a bearer scheme", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info).toMatchObject({ title: "Quarry API", version: expect.any(String) });
    expect(document.servers).toEqual([{ url: "/api" }]);
    expect(buildOpenApiDocument().servers).toEqual([{ url: "/" }]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
  });

  it("lists every route once, with its error statuses", () => {
    const listed = operations(document);
    expect(listed.map(([route]) => route).sort()).toEqual([...routes].sort());
    const ids = listed.map(([, op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [route, op] of listed) {
      const statuses = Object.keys(op.responses);
      const isPublic = route === "get /health" || route === "get /openapi.json";
      expect(op.security, route).toEqual(isPublic ? [] : undefined);
      expect(statuses, route).toEqual(expect.arrayContaining(isPublic ? ["500"] : ["401", "429", "500"]));
      if (route.includes("{id}")) expect(statuses, route).toContain("404");
      if (op.requestBody) expect(statuses, route).toEqual(expect.arrayContaining(["400", "413", "415"]));
      expect(
        statuses.some((s) => s.startsWith("2")),
        route,
      ).toBe(true);
    }
    const [, ask] = listed.find(([route]) => route === "post /sessions/{id}/messages")!;
    expect(Object.keys((ask.responses["200"] as { content: object }).content)).toEqual([
      "application/json",
      "text/event-stream",
    ]);
    // A question may name its model, by an id `GET /models` lists.
    for (const route of ["post /sessions/{id}/messages", "patch /messages/{id}"]) {
      const [, op] = listed.find(([r]) => r === route)!;
      expect(op.requestBody?.content).toHaveProperty(
        "application/json.schema.$ref",
        "#/components/schemas/AskBody",
      );
    }
    expect(document.components.schemas.AskBody).toMatchObject({
      required: ["content"],
      properties: { model: { type: "string", description: expect.stringContaining("GET /models") } },
    });
    expect(document.components.schemas.OfferedModel).toMatchObject({
      required: expect.arrayContaining(["id", "provider", "model", "default"]),
    });
    const [, upload] = listed.find(([route]) => route === "post /sessions/{id}/datasets")!;
    expect(upload.requestBody?.content).toHaveProperty("multipart/form-data.schema.required", ["file"]);
    expect(document.components.responses.TooManyRequests).toHaveProperty("headers.Retry-After");
    const [, removeDocument] = listed.find(
      ([route]) => route === "delete /sessions/{id}/documents/{documentId}",
    )!;
    expect(removeDocument.parameters).toEqual([
      { $ref: "#/components/parameters/SessionId" },
      { $ref: "#/components/parameters/DocumentId" },
    ]);
    expect(document.components.parameters.DocumentId).toMatchObject({ name: "documentId", in: "path" });
  });

  it("documents every route the app serves", async () => {
    const api = await startTestApi();
    try {
      const app = createQuarryApp(api.quarry, { auth: () => null, basePath: "/api" });
      const served = app.routes
        .filter((r) => r.method !== "ALL")
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/^\/api/, "").replace(/:(\w+)/g, "{$1}")}`)
        // A stateless MCP server answers these two with 405 only.
        .filter((route) => route !== "get /mcp" && route !== "delete /mcp");
      expect(served.length).toBeGreaterThan(0);
      for (const route of served) expect(routes, route).toContain(route);
    } finally {
      await api.close();
    }
  });

  it("resolves every $ref and has no $schema, $id or $defs inside", () => {
    let refs = 0;
    for (const [at, key, value] of walk(document)) {
      expect(["$schema", "$id", "$defs"], `${at}/${key}`).not.toContain(key);
      if (key !== "$ref") continue;
      refs++;
      expect(value, at).toMatch(/^#\/components\/(schemas|responses|parameters|headers)\//);
      expect(resolvePointer(document, value as string), `${at}: ${value}`).toBeDefined();
    }
    expect(refs).toBeGreaterThan(50);
  });

  it("has component schemas that compile as JSON Schema 2020-12", () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: "https://quarry.test/openapi.json", components: document.components });
    for (const name of Object.keys(document.components.schemas)) {
      expect(
        () => ajv.compile({ $ref: `https://quarry.test/openapi.json#/components/schemas/${name}` }),
        name,
      ).not.toThrow();
    }
  });
});

describe("GET /openapi.json", () => {
  let api: TestApi;
  let check: (name: string, value: unknown) => void;
  beforeAll(async () => {
    api = await startTestApi();
    const response = await api.call(null, "/openapi.json");
    expect(response.status).toBe(200);
    const served = (await response.json()) as OpenApiDocument;
    expect(served).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument({ basePath: "/api" }))));
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ $id: "https://quarry.test/openapi.json", components: served.components });
    check = (name, value) => {
      const validate = ajv.compile({ $ref: `https://quarry.test/openapi.json#/components/schemas/${name}` });
      expect(validate(value), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    };
  });
  afterAll(async () => {
    await api.close();
  });

  it("is served without auth, and what the API answers fits it", async () => {
    const { datasets } = await ingestDataset({
      store: api.store,
      blobs: api.quarry.blobs,
      principal: principals.alice,
      source: { path: weatherCsv },
    });
    const datasetId = datasets[0]!.dataset.id;

    const created = await (await api.call("alice", "/sessions", json({ datasetIds: [datasetId] }))).json();
    check("Session", created);
    check("SessionPage", await (await api.call("alice", "/sessions?limit=1")).json());

    api.llm.setScript([
      {
        toolCalls: [
          {
            name: "run_sql",
            arguments: { sql: "SELECT weather, count(*) AS days FROM seattle_weather GROUP BY 1 ORDER BY 1" },
          },
        ],
      },
      { text: "Mostly rain and sun." },
    ]);
    const asked = await (
      await api.call("alice", `/sessions/${created.id}/messages`, json({ content: "Weather kinds?" }))
    ).json();
    check("MessageList", asked);
    expect(asked.messages[1].parts.map((p: { type: string }) => p.type)).toContain("table");

    api.llm.setScript({ text: "Streamed." });
    const events = await readSse(
      await api.call(
        "alice",
        `/sessions/${created.id}/messages`,
        json({ content: "And now?" }, { headers: { accept: "text/event-stream" } }),
      ),
    );
    for (const event of events) check("ChatEvent", event);

    check("SessionWithMessages", await (await api.call("alice", `/sessions/${created.id}`)).json());
    const feedback = await api.call(
      "alice",
      `/messages/${asked.messages[1].id}/feedback`,
      json({ rating: "up" }),
    );
    check("Feedback", await feedback.json());
    const { models } = await (await api.call("alice", "/models")).json();
    check("ModelList", { models });
    check("AskBody", { content: "Weather kinds?", model: models[0].id });
    check("AuditPage", await (await api.call("alice", "/audit")).json());
    check("DatasetList", await (await api.call("alice", `/sessions/${created.id}/datasets`)).json());
    check("Dataset", await (await api.call("alice", `/datasets/${datasetId}`)).json());
    check("DatasetPreview", await (await api.call("alice", `/datasets/${datasetId}/preview`)).json());
    const form = new FormData();
    form.append("file", new Blob(["city,temp\n Oslo ,3\nRome,18\n"], { type: "text/csv" }), "cities.csv");
    const uploaded = await api.call("alice", `/sessions/${created.id}/datasets`, {
      method: "POST",
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const { datasets: cities } = await uploaded.json();
    check("UploadedDatasets", { datasets: cities });
    const clean = json({ operations: [{ op: "trim", column: "city" }] });
    check(
      "DatasetWithPreview",
      await (await api.call("alice", `/datasets/${cities[0].id}/clean`, clean)).json(),
    );
    const documentForm = new FormData();
    documentForm.append("file", new Blob(["Refunds are accepted within 30 days."]), "policy.txt");
    documentForm.append("file", new Blob([""]), "empty.md");
    const documents = await api.call("alice", `/sessions/${created.id}/documents`, {
      method: "POST",
      body: documentForm,
    });
    expect(documents.status).toBe(200);
    const added = await documents.json();
    expect(added.files.map((f: { status: string }) => f.status)).toEqual(["processed", "failed"]);
    check("SessionDocuments", added);
    check("SessionDocuments", await (await api.call("alice", `/sessions/${created.id}/documents`)).json());
    check("Health", await (await api.call(null, "/health")).json());
    check("Error", await (await api.call("bob", `/sessions/${created.id}`)).json());
    check("Error", await (await api.call(null, "/sessions")).json());
  });
});
