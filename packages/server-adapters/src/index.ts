/**
 * `@quarry/server-adapters`: Quarry on a server. For now it holds the `quarry` CLI; the web-standard fetch
 * handler and its Hono and Express adapters arrive with the HTTP API.
 * @packageDocumentation
 */

export { type CommandHelp, commands, helpText } from "./cli/commands.js";
export { type CliIO, runCli } from "./cli/run-cli.js";
