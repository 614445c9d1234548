/**
 * `@quarry/server-adapters`: Quarry on a server — the web-standard fetch handler (`createQuarryHandler`), and
 * the `quarry` CLI. Hono and Express adapters live behind `/hono` and `/express`.
 * @packageDocumentation
 */

export { type CommandHelp, commands, helpText } from "./cli/commands.js";
export { type CliIO, runCli } from "./cli/run-cli.js";
export type { HttpLimits, OfferedModel, QuarryHandlerOptions } from "./http/handler-options.js";
export { errorResponse } from "./http/http-errors.js";
export { createQuarryApp, createQuarryHandler } from "./http/quarry-app.js";
