import {
  AuditEntrySchema,
  ChartPartSchema,
  ChatEventSchema,
  CitationsPartSchema,
  CleaningOperationSchema,
  DatasetSchema,
  ErrorPartSchema,
  errorCodes,
  errorStatus,
  FeedbackSchema,
  FilePartSchema,
  GlossaryEntrySchema,
  InsightRunSchema,
  JsonSchema,
  MessagePartSchema,
  MessageSchema,
  ResultColumnSchema,
  SessionMemoryInputSchema,
  SessionMemorySchema,
  SessionSchema,
  SqlPartSchema,
  TablePartSchema,
  TextPartSchema,
  ToolPartSchema,
} from "@quarry/core";
import type { SessionDocuments } from "@quarry/core/documents";
import { z } from "zod";
import { type ApiOperation, apiOperations } from "./openapi-operations.js";
import { AskBodySchema, FeedbackBodySchema } from "./routes/message-routes.js";
import { AuditQuerySchema, ModelListSchema, OfferedModelSchema } from "./routes/meta-routes.js";
import {
  CreateSessionBodySchema,
  PatchSessionBodySchema,
  SessionListQuerySchema,
} from "./routes/session-routes.js";

/** A JSON object of the document; OpenAPI's own types would pull in a dependency for no runtime gain. */
export type OpenApiObject = Record<string, unknown>;

/** An OpenAPI 3.1 document. */
export interface OpenApiDocument extends OpenApiObject {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, OpenApiObject>>;
  components: {
    schemas: Record<string, OpenApiObject>;
    responses: Record<string, OpenApiObject>;
    parameters: Record<string, OpenApiObject>;
    headers: Record<string, OpenApiObject>;
    securitySchemes: Record<string, OpenApiObject>;
  };
}

/** Options of {@link buildOpenApiDocument}. */
export interface OpenApiDocumentOptions {
  /** Where the API is mounted, e.g. `/api` (the document's one server); default the root. */
  basePath?: string;
}

/** The package version, set at build time by tsup's `define`, with a fallback for tests on source. */
declare const __QUARRY_VERSION__: string | undefined;
const version = typeof __QUARRY_VERSION__ === "string" ? __QUARRY_VERSION__ : "0.0.0-dev";

/** The HTTP error body, as `errorResponse` writes it. */
const ErrorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(errorCodes),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });

/** A dataset with its first rows, as an upload or a cleaning answers it. */
const DatasetWithPreviewSchema = DatasetSchema.extend({
  preview: z.strictObject({
    columns: z.array(ResultColumnSchema),
    rows: z.array(z.array(JsonSchema)),
    rowCount: z.number().int().min(0),
  }),
});

/** A session's documents, as the document routes answer (`quarry.documents`' `SessionDocuments`). */
const SessionDocumentsSchema = z.strictObject({
  ready: z.boolean().describe("Whether there is at least one document and every one is processed."),
  files: z.array(
    z.strictObject({
      documentId: z.string(),
      fileName: z.string(),
      status: z.enum(["processing", "processed", "failed"]),
      chunks: z.number().int().min(0).describe("Passages stored for it (0 until processed)."),
      pages: z.number().int().min(0).nullable().describe("Pages, for PDFs once read."),
      error: z.string().optional().describe("Why it failed."),
    }),
  ),
});
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails the build when the schema and the facade's type drift apart. */
const _documentsInStep: Same<z.infer<typeof SessionDocumentsSchema>, SessionDocuments> = true;

// The dataset routes keep these two private; they are restated here (keep them in step).
const DatasetPreviewQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
const CleanBodySchema = z.strictObject({ operations: z.array(CleaningOperationSchema).min(1).max(100) });

/**
 * Every schema the document names, by component name. Core records and the routes' own body and query
 * schemas are used as they are (the two dataset ones above aside), so the document follows what the server
 * checks.
 */
const namedSchemas: Record<string, z.ZodType> = {
  Error: ErrorBodySchema,
  Json: JsonSchema,
  Session: SessionSchema,
  SessionWithMessages: SessionSchema.extend({
    messages: z.array(MessageSchema),
    feedback: z
      .record(z.string(), z.enum(["up", "down"]))
      .describe("The caller's rating of each rated answer."),
  }),
  SessionPage: pageOf(SessionSchema),
  Message: MessageSchema,
  MessageList: z.strictObject({ messages: z.array(MessageSchema) }),
  MessagePart: MessagePartSchema,
  TextPart: TextPartSchema,
  SqlPart: SqlPartSchema,
  TablePart: TablePartSchema,
  ChartPart: ChartPartSchema,
  CitationsPart: CitationsPartSchema,
  FilePart: FilePartSchema,
  ToolPart: ToolPartSchema,
  ErrorPart: ErrorPartSchema,
  ResultColumn: ResultColumnSchema,
  ChatEvent: ChatEventSchema,
  Feedback: FeedbackSchema,
  Dataset: DatasetSchema,
  DatasetList: z.strictObject({ datasets: z.array(DatasetSchema) }),
  DatasetWithPreview: DatasetWithPreviewSchema,
  UploadedDatasets: z.strictObject({ datasets: z.array(DatasetWithPreviewSchema) }),
  DatasetPreview: z.strictObject({
    columns: z.array(ResultColumnSchema),
    rows: z.array(z.array(JsonSchema)),
    rowCount: z.number().int().min(0),
    truncated: z.boolean(),
  }),
  SessionDocuments: SessionDocumentsSchema,
  CleaningOperation: CleaningOperationSchema,
  AuditEntry: AuditEntrySchema,
  AuditPage: pageOf(AuditEntrySchema),
  OfferedModel: OfferedModelSchema,
  ModelList: ModelListSchema,
  Health: z.strictObject({ ok: z.literal(true) }),
  JsonRpcMessage: z
    .looseObject({
      jsonrpc: z.literal("2.0"),
      id: z.union([z.string(), z.number(), z.null()]).optional(),
      method: z.string().optional(),
    })
    .describe("A JSON-RPC 2.0 message of the Model Context Protocol."),
  CreateSessionBody: CreateSessionBodySchema,
  PatchSessionBody: PatchSessionBodySchema,
  AskBody: AskBodySchema,
  FeedbackBody: FeedbackBodySchema,
  CleanBody: CleanBodySchema,
  SessionMemory: SessionMemorySchema,
  SessionMemoryInput: SessionMemoryInputSchema,
  Glossary: z.array(GlossaryEntrySchema).max(1_000),
  InsightRun: InsightRunSchema,
};

/** Query schemas by the name operations refer to them with. */
const querySchemas = {
  SessionListQuery: SessionListQuerySchema,
  AuditQuery: AuditQuerySchema,
  DatasetPreviewQuery: DatasetPreviewQuerySchema,
} satisfies Record<string, z.ZodObject>;

/** Named query schemas. */
export type QueryName = keyof typeof querySchemas;

/** The error responses, by status; each lists the codes that answer with it. */
const errorResponseNames: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  404: "NotFound",
  409: "Conflict",
  413: "PayloadTooLarge",
  415: "UnsupportedMediaType",
  422: "Unprocessable",
  429: "TooManyRequests",
  500: "InternalError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

/** `{"$ref": ...}` to a component. */
export function ref(kind: "schemas" | "responses" | "parameters" | "headers", name: string) {
  return { $ref: `#/components/${kind}/${name}` };
}

/** A zod schema as a standalone JSON Schema fragment: no `$schema`, no `$id`. */
function fragment(json: Record<string, unknown>): OpenApiObject {
  const { $schema: _schema, $id: _id, ...rest } = json;
  return rest;
}

function componentSchemas(): Record<string, OpenApiObject> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(namedSchemas)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: "any",
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, json]) => [id, fragment(json as Record<string, unknown>)]),
  );
}

function queryParameters(name: QueryName): OpenApiObject[] {
  const json = z.toJSONSchema(querySchemas[name], { unrepresentable: "any" }) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([param, schema]) => ({
    name: param,
    in: "query",
    required: json.required?.includes(param) ?? false,
    schema: fragment(schema),
  }));
}

function errorComponents(): Record<string, OpenApiObject> {
  const retryAfter = {
    "Retry-After": {
      description: "Seconds to wait before retrying.",
      schema: { type: "integer", minimum: 1 },
    },
  };
  return Object.fromEntries(
    Object.entries(errorResponseNames).map(([status, name]) => {
      const codes = Object.entries(errorStatus)
        .filter(([, s]) => s === Number(status))
        .map(([code]) => `\`${code}\``);
      const retry = status === "429" || status === "503";
      return [
        name,
        {
          description: `${name.replace(/(?<=[a-z])(?=[A-Z])/g, " ")}: ${codes.join(", ")}.`,
          ...(retry ? { headers: retryAfter } : {}),
          content: { "application/json": { schema: ref("schemas", "Error") } },
        },
      ];
    }),
  );
}

/** Path parameters by the resource a path starts with. */
const idParameters: Record<string, string> = {
  sessions: "SessionId",
  messages: "MessageId",
  datasets: "DatasetId",
};

/** Path parameters after the first, by name: `{documentId}` is `DocumentId`. */
const innerParameters: Record<string, string> = { documentId: "DocumentId" };

function operationObject(op: ApiOperation): OpenApiObject {
  const parameters: OpenApiObject[] = [];
  const resource = /^\/(\w+)\/\{id\}/.exec(op.path)?.[1];
  const idParameter = resource ? idParameters[resource] : undefined;
  if (idParameter) parameters.push(ref("parameters", idParameter));
  for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) {
    const inner = name === "id" ? undefined : innerParameters[name ?? ""];
    if (inner) parameters.push(ref("parameters", inner));
  }
  if (op.query) parameters.push(...queryParameters(op.query));

  const errors = new Set(op.errors ?? []);
  if (!op.isPublic) for (const status of [401, 429]) errors.add(status);
  if (idParameter) errors.add(404);
  if (op.query) errors.add(400);
  if (op.requestBody) for (const status of [400, 413, 415]) errors.add(status);
  errors.add(500);
  const responses: OpenApiObject = { ...op.responses };
  for (const status of [...errors].sort((a, b) => a - b)) {
    const name = errorResponseNames[status];
    // A route's own description of a status (MCP's JSON-RPC errors) wins over the shared one.
    if (name && !(String(status) in responses)) responses[String(status)] = ref("responses", name);
  }
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(op.isPublic ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(op.requestBody ? { requestBody: op.requestBody } : {}),
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the Quarry HTTP API: every route with its parameters, bodies and responses,
 * and every error status it can answer with. Schemas are generated from the zod schemas the server checks
 * with (`z.toJSONSchema`), so they are JSON Schema 2020-12, OpenAPI 3.1's own dialect.
 */
export function buildOpenApiDocument(options: OpenApiDocumentOptions = {}): OpenApiDocument {
  const paths: Record<string, Record<string, OpenApiObject>> = {};
  for (const op of apiOperations) {
    paths[op.path] ??= {};
    (paths[op.path] as Record<string, OpenApiObject>)[op.method] = operationObject(op);
  }
  const idSchema = { type: "string", minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9_.:-]+$" };
  const idParameter = (what: string) => ({
    name: "id",
    in: "path",
    required: true,
    description: `The ${what}'s id. Another user's id answers 404, exactly like one that does not exist.`,
    schema: idSchema,
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Quarry API",
      version,
      description:
        "Chat with your data: sessions, datasets and documents, questions answered with SQL, tables, charts " +
        'and page-cited quotes, and their exports. Every error is `{"error": {"code", "message"}}` with the ' +
        "status of its code.",
    },
    servers: [{ url: options.basePath || "/" }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "sessions", description: "Conversations." },
      { name: "messages", description: "Questions, answers and feedback." },
      { name: "datasets", description: "Uploaded tables." },
      { name: "documents", description: "Uploaded PDF, text and Markdown documents that answers quote." },
      { name: "exports", description: "Downloads of answers: spreadsheets and charts." },
      { name: "meta", description: "Models, audit log, health and this document." },
      { name: "mcp", description: "The Model Context Protocol endpoint." },
    ],
    paths,
    components: {
      schemas: componentSchemas(),
      responses: errorComponents(),
      parameters: {
        SessionId: idParameter("session"),
        MessageId: idParameter("message"),
        DatasetId: idParameter("dataset"),
        DocumentId: {
          ...idParameter("document"),
          name: "documentId",
          description: "The document's id; one that is not in the session answers 404.",
        },
      },
      headers: {
        ContentDisposition: {
          description:
            "`attachment` (or `inline` for images) with an ASCII `filename` and a UTF-8 `filename*`.",
          schema: { type: "string" },
        },
      },
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "Whatever credential the host app's `auth` function accepts; typically a bearer token.",
        },
      },
    },
  };
}
