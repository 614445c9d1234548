import type { ApiOperation } from "./openapi-operations.js";
import { json, jsonBody } from "./openapi-refs.js";

/** The OpenAPI operations of session memory, dataset glossaries and dataset insights. */
export const qualityOperations: readonly ApiOperation[] = [
  {
    method: "get",
    path: "/sessions/{id}/memory",
    operationId: "getSessionMemory",
    tag: "sessions",
    summary: "The session's memory: a running summary and the preferences the user stated.",
    responses: { 200: json("SessionMemory", "The memory; empty until a turn or an edit stored some.") },
  },
  {
    method: "put",
    path: "/sessions/{id}/memory",
    operationId: "putSessionMemory",
    tag: "sessions",
    summary: "Replace the session's memory with the user's edits; later answers follow it.",
    description:
      "Later turns keep what is written here: they only roll the summary's `Recent questions:` block and add " +
      "or replace preferences the user states in a question.",
    requestBody: jsonBody("SessionMemoryInput"),
    responses: { 200: json("SessionMemory", "The stored memory.") },
  },
  {
    method: "get",
    path: "/datasets/{id}/glossary",
    operationId: "getGlossary",
    tag: "datasets",
    summary: "The dataset's glossary: business terms, their meaning and, for metrics, their SQL expression.",
    responses: { 200: json("Glossary", "The glossary of the dataset's latest version.") },
  },
  {
    method: "put",
    path: "/datasets/{id}/glossary",
    operationId: "putGlossary",
    tag: "datasets",
    summary: "Replace the dataset's glossary.",
    description:
      "A list of `{term, meaning, sql?}`, one entry per term. Each `sql` must be one expression the guard " +
      "accepts over the dataset's table (it is written into queries later); otherwise the answer is a 400 " +
      "`INVALID_INPUT` naming the term, and nothing is stored.",
    requestBody: jsonBody("Glossary"),
    responses: { 200: json("Glossary", "The stored glossary.") },
  },
  {
    method: "post",
    path: "/datasets/{id}/insights",
    operationId: "runInsights",
    tag: "datasets",
    summary:
      "Run the automatic analyses over the dataset (trends, movers, concentration, outliers, correlations).",
    responses: { 200: json("InsightRun", "The run, kept as the dataset's latest.") },
    errors: [422, 504],
  },
  {
    method: "get",
    path: "/datasets/{id}/insights",
    operationId: "getInsights",
    tag: "datasets",
    summary: "The latest insights run over the dataset; 204 with no body before the first run.",
    responses: {
      200: json("InsightRun", "The latest run; its `version` says which dataset version it read."),
      204: { description: "No insights were run on this dataset yet." },
    },
  },
];
