/**
 * `@quarry/server-adapters`: Quarry on a server — the web-standard fetch handler (`createQuarryHandler`), and
 * the `quarry` CLI. Hono and Express adapters live behind `/hono` and `/express`.
 * @packageDocumentation
 */

export { type CommandHelp, type CommandOption, commands } from "./cli/commands.js";
export { type ExitCode, type ExitMeanings, exitCodeFor, exitMeanings } from "./cli/exit-codes.js";
export { commandHelpText, helpText } from "./cli/help-text.js";
export { type CliIO, runCli } from "./cli/run-cli.js";
export { widgetPageCsp } from "./cli/widget-page.js";
export type { HttpLimits, OfferedModel, QuarryHandlerOptions } from "./http/handler-options.js";
export { errorResponse } from "./http/http-errors.js";
export { createQuarryMcpServer, type QuarryMcpServerOptions } from "./http/mcp/quarry-mcp-server.js";
export { type ReadUploadsOptions, readUploads, type UploadedFile } from "./http/multipart-upload.js";
export {
  buildOpenApiDocument,
  type OpenApiDocument,
  type OpenApiDocumentOptions,
} from "./http/openapi-document.js";
export { createQuarryApp, createQuarryHandler } from "./http/quarry-app.js";
export { contentDisposition } from "./http/routes/export-routes.js";
