import type { OpenApiObject, QueryName } from "./openapi-document.js";
import { qualityOperations } from "./openapi-quality-operations.js";
import { json, jsonBody, schema } from "./openapi-refs.js";

/**
 * One route of the API as the OpenAPI document describes it. Error responses follow from the route's shape
 * (auth, an `{id}`, a query, a body) and `errors` adds the ones particular to it.
 */
export interface ApiOperation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path syntax, relative to the base path: `/sessions/{id}`. */
  path: string;
  operationId: string;
  tag: "sessions" | "messages" | "datasets" | "documents" | "exports" | "meta" | "mcp";
  summary: string;
  description?: string;
  /** Answers without a principal. */
  isPublic?: boolean;
  query?: QueryName;
  requestBody?: OpenApiObject;
  /** Success responses by status. */
  responses: Record<string, OpenApiObject>;
  /** Error statuses beyond those the route's shape implies. */
  errors?: number[];
}

const noContent: OpenApiObject = { description: "Done; no body." };

/** A file: binary formats have no schema, text formats are strings. */
const file = (mediaType: string, description: string, text = false): OpenApiObject => ({
  description,
  headers: { "Content-Disposition": { $ref: "#/components/headers/ContentDisposition" } },
  content: { [mediaType]: text ? { schema: { type: "string" } } : {} },
});

/** How a question picks its model. */
const modelChoice =
  "The body's optional `model` names the model that answers by its `id` in `GET /models`; without it, the " +
  "one marked default answers. A model not on offer is a 400 `INVALID_INPUT`, and nothing is stored.";

const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A turn's answer: JSON once it ends, or its events as they happen. */
const turn: OpenApiObject = {
  description:
    "The turn. With `Accept: text/event-stream`, Server-Sent Events as the turn runs: each event's name is " +
    "the ChatEvent's `type` and its `data` the ChatEvent as JSON, from `message` (the stored question) to " +
    "`done` (the stored answer); a client that disconnects stops the turn. Otherwise JSON once the turn " +
    "ends: `{messages: [question, answer]}`. A failed or stopped turn is still a 200 whose answer ends with " +
    "an `error` part.",
  content: {
    "application/json": { schema: schema("MessageList") },
    "text/event-stream": { schema: schema("ChatEvent") },
  },
};

/** A multipart body with files in its `file` field. */
const multipart = (file: OpenApiObject): OpenApiObject => ({
  required: true,
  content: {
    "multipart/form-data": {
      schema: { type: "object", properties: { file }, required: ["file"] },
    },
  },
});

const upload = multipart({
  type: "string",
  contentMediaType: "application/octet-stream",
  description: "A CSV, TSV, Excel, JSON, NDJSON or Parquet file; the format is read from its content.",
});

const documentUpload = multipart({
  type: "array",
  items: { type: "string", contentMediaType: "application/octet-stream" },
  description:
    "One or more PDF, text or Markdown files (repeat the field); the format is read from the content.",
});

/** Every route of the API, in the order the document lists them. */
export const apiOperations: readonly ApiOperation[] = [
  {
    method: "post",
    path: "/sessions",
    operationId: "createSession",
    tag: "sessions",
    summary: "Create a session, optionally with datasets attached.",
    requestBody: jsonBody("CreateSessionBody"),
    responses: { 201: json("Session", "The new session.") },
    errors: [404],
  },
  {
    method: "get",
    path: "/sessions",
    operationId: "listSessions",
    tag: "sessions",
    summary: "List the caller's sessions: pinned first, then most recently updated.",
    query: "SessionListQuery",
    responses: {
      200: json("SessionPage", "A page of sessions; pass `nextCursor` as `cursor` for the next."),
    },
  },
  {
    method: "get",
    path: "/sessions/{id}",
    operationId: "getSession",
    tag: "sessions",
    summary: "A session with its conversation.",
    responses: { 200: json("SessionWithMessages", "The session and its messages as shown.") },
  },
  {
    method: "patch",
    path: "/sessions/{id}",
    operationId: "updateSession",
    tag: "sessions",
    summary: "Rename, pin or archive a session.",
    requestBody: jsonBody("PatchSessionBody"),
    responses: { 200: json("Session", "The updated session.") },
  },
  {
    method: "delete",
    path: "/sessions/{id}",
    operationId: "deleteSession",
    tag: "sessions",
    summary: "Delete a session with its messages and feedback (audit entries stay).",
    responses: { 204: noContent },
  },
  {
    method: "post",
    path: "/sessions/{id}/datasets",
    operationId: "uploadDataset",
    tag: "datasets",
    summary: "Upload a file as datasets of the session (one per sheet of a workbook).",
    requestBody: upload,
    responses: {
      201: json(
        "UploadedDatasets",
        "The datasets made from the file, attached to the session, with first rows.",
      ),
    },
    errors: [422],
  },
  {
    method: "get",
    path: "/sessions/{id}/datasets",
    operationId: "listSessionDatasets",
    tag: "datasets",
    summary: "The session's datasets.",
    responses: { 200: json("DatasetList", "The datasets, latest versions.") },
  },
  {
    method: "get",
    path: "/datasets/{id}",
    operationId: "getDataset",
    tag: "datasets",
    summary: "A dataset with its column profiles and cleaning suggestions.",
    responses: { 200: json("Dataset", "The latest version.") },
  },
  {
    method: "get",
    path: "/datasets/{id}/preview",
    operationId: "previewDataset",
    tag: "datasets",
    summary: "The first rows of a dataset.",
    query: "DatasetPreviewQuery",
    responses: { 200: json("DatasetPreview", "The first rows and the true row count.") },
  },
  {
    method: "delete",
    path: "/datasets/{id}",
    operationId: "deleteDataset",
    tag: "datasets",
    summary: "Delete a dataset.",
    responses: { 204: noContent },
  },
  {
    method: "post",
    path: "/datasets/{id}/clean",
    operationId: "cleanDataset",
    tag: "datasets",
    summary: "Apply cleaning operations, making a new version (earlier ones stay queryable).",
    requestBody: jsonBody("CleanBody"),
    responses: { 200: json("DatasetWithPreview", "The new version, with its first rows.") },
    errors: [422],
  },
  ...qualityOperations,
  {
    method: "post",
    path: "/sessions/{id}/documents",
    operationId: "uploadDocuments",
    tag: "documents",
    summary: "Upload PDF, text or Markdown files as documents of the session; answers quote them by page.",
    description:
      "Each file is read, split into passages and indexed before the answer; it ends `processed`, or " +
      "`failed` with the reason (a damaged, password-protected or scanned PDF, an empty file), and the other " +
      "files are kept. The format is read from the content, not the name. A file that is clearly not a " +
      "document (binary that is not a PDF, under a name other than .pdf, .txt or .md) is a 415, and a body " +
      "past the upload limit a 413: then nothing is stored.",
    requestBody: documentUpload,
    responses: {
      200: json(
        "SessionDocuments",
        "This request's files with their status, and whether the session is ready.",
      ),
    },
  },
  {
    method: "get",
    path: "/sessions/{id}/documents",
    operationId: "listSessionDocuments",
    tag: "documents",
    summary: "The session's documents with their status.",
    responses: {
      200: json(
        "SessionDocuments",
        "The documents in the order added; `ready` once there is one and every one is processed.",
      ),
    },
  },
  {
    method: "delete",
    path: "/sessions/{id}/documents/{documentId}",
    operationId: "removeDocument",
    tag: "documents",
    summary: "Remove a document from the session and delete it with its passages and file.",
    responses: { 204: noContent },
  },
  {
    method: "post",
    path: "/sessions/{id}/messages",
    operationId: "ask",
    tag: "messages",
    summary: "Ask a question in the session.",
    description: modelChoice,
    requestBody: jsonBody("AskBody"),
    responses: { 200: turn },
    errors: [409],
  },
  {
    method: "get",
    path: "/sessions/{id}/messages",
    operationId: "listMessages",
    tag: "messages",
    summary: "The session's conversation: each question followed by its latest answer.",
    responses: { 200: json("MessageList", "The messages in order.") },
  },
  {
    method: "patch",
    path: "/messages/{id}",
    operationId: "editMessage",
    tag: "messages",
    summary: "Change a question and answer it again.",
    description: modelChoice,
    requestBody: jsonBody("AskBody"),
    responses: { 200: turn },
    errors: [409],
  },
  {
    method: "post",
    path: "/messages/{id}/feedback",
    operationId: "sendFeedback",
    tag: "messages",
    summary: "Rate an answer, with an optional comment and correction; a second rating replaces the first.",
    requestBody: jsonBody("FeedbackBody"),
    responses: { 200: json("Feedback", "The stored feedback.") },
  },
  {
    method: "get",
    path: "/messages/{id}/export.xlsx",
    operationId: "exportMessageXlsx",
    tag: "exports",
    summary: "An answer's result as an Excel workbook (Result and Query sheets); 404 without a table.",
    responses: { 200: file(xlsx, "The workbook.") },
  },
  {
    method: "get",
    path: "/messages/{id}/export.csv",
    operationId: "exportMessageCsv",
    tag: "exports",
    summary: "An answer's result as CSV; 404 without a table.",
    responses: { 200: file("text/csv", "The CSV file.", true) },
  },
  {
    method: "get",
    path: "/sessions/{id}/export.xlsx",
    operationId: "exportSessionXlsx",
    tag: "exports",
    summary: "The session's latest result as an Excel workbook; 404 when no answer has a table.",
    responses: { 200: file(xlsx, "The workbook.") },
  },
  {
    method: "get",
    path: "/messages/{id}/chart.svg",
    operationId: "chartSvg",
    tag: "exports",
    summary: "An answer's chart as SVG; 404 without a chart.",
    responses: { 200: file("image/svg+xml", "The chart.", true) },
  },
  {
    method: "get",
    path: "/messages/{id}/chart.png",
    operationId: "chartPng",
    tag: "exports",
    summary: "An answer's chart as PNG; 404 without a chart.",
    responses: { 200: file("image/png", "The chart.") },
  },
  {
    method: "get",
    path: "/models",
    operationId: "listModels",
    tag: "meta",
    summary: "The models the server offers; a question's `model` field names one by its `id`.",
    responses: {
      200: json("ModelList", "The models; exactly one is the default, which answers questions naming none."),
    },
  },
  {
    method: "get",
    path: "/audit",
    operationId: "listAudit",
    tag: "meta",
    summary: "The caller's audit log, newest first: every query run on their behalf.",
    query: "AuditQuery",
    responses: { 200: json("AuditPage", "A page of entries; pass `nextCursor` as `cursor` for the next.") },
    errors: [404],
  },
  {
    method: "get",
    path: "/health",
    operationId: "health",
    tag: "meta",
    summary: "Whether the server is up.",
    isPublic: true,
    responses: { 200: json("Health", "Up.") },
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "openapi",
    tag: "meta",
    summary: "This document.",
    isPublic: true,
    responses: {
      200: {
        description: "The OpenAPI 3.1 document.",
        content: { "application/json": { schema: { type: "object" } } },
      },
    },
  },
  {
    method: "post",
    path: "/mcp",
    operationId: "mcp",
    tag: "mcp",
    summary:
      "The caller's datasets, and the documents of their sessions, as a Model Context Protocol server (stateless Streamable HTTP).",
    description:
      "Send MCP JSON-RPC messages with `Accept: application/json, text/event-stream`; each POST is answered " +
      "on its own with JSON (no `Mcp-Session-Id`). Protocol errors are JSON-RPC error objects.",
    requestBody: {
      required: true,
      content: {
        "application/json": {
          schema: { oneOf: [schema("JsonRpcMessage"), { type: "array", items: schema("JsonRpcMessage") }] },
        },
      },
    },
    responses: {
      200: json("JsonRpcMessage", "The JSON-RPC response."),
      202: { description: "Notifications or responses accepted; no body." },
      400: json("JsonRpcMessage", "Not a JSON-RPC message: a JSON-RPC error."),
      406: json("JsonRpcMessage", "The `Accept` header lacks `application/json` and `text/event-stream`."),
      415: json("JsonRpcMessage", "Not sent as `application/json`: a JSON-RPC error."),
    },
  },
];
