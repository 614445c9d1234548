import type { Server } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LanguageModel, Quarry } from "@quarry/core";
import { type ClientBuild, loadClientBuild } from "./client-build.js";
import { createEmbeddedQuarry } from "./embedded-quarry.js";
import { modelFromEnv } from "./model-from-env.js";
import { serveUntilSignal } from "./node-server.js";
import { createSessionCookies, type SessionCookies, secretFromEnv } from "./session-cookie.js";

/** What every example's host app needs besides Quarry: its built client and its session cookie. */
export interface HostOptions {
  /** The folder the example's `build.mjs` wrote the browser client into. */
  clientDir: string;
  /** Signs the session cookie; at least 32 characters. */
  secret: string;
  /** Mark the session cookie `Secure` (serve over HTTPS). Default false. */
  secureCookies?: boolean;
}

/** Options of the Hono and Express examples' `createExampleApp`. */
export interface ExampleOptions extends HostOptions {
  /** The folder of the embedded database and files. */
  dataDir: string;
  model: LanguageModel;
}

/** The host app's parts: the built client and the session cookie. */
export interface HostParts {
  readonly client: ClientBuild;
  readonly sessions: SessionCookies;
}

/** What a host app is made of: Quarry, and the host parts around it. */
export interface HostAppOptions extends HostParts {
  readonly quarry: Quarry;
}

/** A server example assembled, not yet listening: its framework's app, and what to close when it stops. */
export interface ExampleApp<App> {
  readonly app: App;
  readonly quarry: Quarry;
  /** Closes Quarry and its store; call it once the server has stopped. */
  close(): Promise<void>;
}

/**
 * Assembles a server example: Quarry on the embedded defaults inside the host app `createHostApp` makes.
 * `buildCommand` is named in the error when the client was never built.
 */
export async function assembleExample<App>(
  options: ExampleOptions,
  buildCommand: string,
  createHostApp: (options: HostAppOptions) => App,
): Promise<ExampleApp<App>> {
  const host = await hostParts(options, buildCommand);
  const { quarry, close } = await createEmbeddedQuarry(options);
  return { app: createHostApp({ ...host, quarry }), quarry, close };
}

/** Loads the built client (naming `buildCommand` when there is none) and sets up the session cookie. */
export async function hostParts(options: HostOptions, buildCommand: string): Promise<HostParts> {
  const client = await loadClientBuild(options.clientDir, buildCommand);
  const sessions = createSessionCookies({
    secret: options.secret,
    ...(options.secureCookies === undefined ? {} : { secure: options.secureCookies }),
  });
  return { client, sessions };
}

/**
 * The host options from the environment for the example in `exampleDir`: the client in `exampleDir/dist`,
 * `EXAMPLE_SECRET` (default random per start) and `COOKIE_SECURE=1`.
 */
export function hostOptionsFromEnv(exampleDir: string, env: NodeJS.ProcessEnv = process.env): HostOptions {
  return {
    clientDir: join(exampleDir, "dist"),
    secret: secretFromEnv(env),
    secureCookies: env.COOKIE_SECURE === "1",
  };
}

/**
 * {@link hostOptionsFromEnv}, plus `QUARRY_DATA_DIR` (default `exampleDir/.quarry`) and the model keys (see
 * {@link modelFromEnv}).
 */
export async function optionsFromEnv(
  exampleDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExampleOptions> {
  return {
    ...hostOptionsFromEnv(exampleDir, env),
    dataDir: env.QUARRY_DATA_DIR || join(exampleDir, ".quarry"),
    model: await modelFromEnv(env),
  };
}

/** How {@link runExample} runs one server example. */
export interface RunExampleOptions<App> {
  /** The example's `server.ts` (`import.meta.url`): its folder holds `dist/` and the default data folder. */
  moduleUrl: string;
  /** Its name, for the banner. */
  name: string;
  /** The port when `PORT` is not set. */
  defaultPort: number;
  createExampleApp(options: ExampleOptions): Promise<ExampleApp<App>>;
  /** A Node HTTP server for the app (not yet listening). */
  serverOf(app: App): Server;
}

/** Runs a server example from the command line: options from the environment, until SIGINT or SIGTERM. */
export async function runExample<App>(run: RunExampleOptions<App>): Promise<void> {
  const options = await optionsFromEnv(dirname(fileURLToPath(run.moduleUrl)));
  const example = await run.createExampleApp(options);
  await serveUntilSignal(run.serverOf(example.app), {
    defaultPort: run.defaultPort,
    onClose: example.close,
    banner: (url) =>
      `Quarry's ${run.name} example at ${url}/ (model ${options.model.provider}, data in ${options.dataDir})`,
  });
}
