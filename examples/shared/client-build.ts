import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { widgetPageCsp } from "@quarry/server-adapters";
import { z } from "zod";

/** What `build-client.mjs` writes beside the bundle. */
const ManifestSchema = z.object({
  script: z.string().regex(/^assets\/[\w.-]+\.js$/),
  stylesheet: z.string().regex(/^assets\/[\w.-]+\.css$/),
  styleHashes: z.array(z.string().regex(/^sha(256|384|512)-[A-Za-z0-9+/=]+$/)),
});

/** The built browser client of an example, as its server serves it. */
export interface ClientBuild {
  /** The folder holding `manifest.json` and `assets/`. */
  readonly dir: string;
  /** The page's script and stylesheet, as URL paths (`/assets/main-….js`). */
  readonly script: string;
  readonly stylesheet: string;
  /** The pages' Content-Security-Policy. */
  readonly csp: string;
}

/**
 * Reads the client an example's `build.mjs` wrote into `dir`. Without one the server cannot show its pages,
 * so this fails with the command that builds it.
 */
export async function loadClientBuild(dir: string, buildCommand: string): Promise<ClientBuild> {
  let manifest: z.infer<typeof ManifestSchema>;
  try {
    manifest = ManifestSchema.parse(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")));
    await stat(join(dir, manifest.script));
  } catch (error) {
    throw new Error(`No built client in ${dir}: run \`${buildCommand}\` first.`, { cause: error });
  }
  return {
    dir,
    script: `/${manifest.script}`,
    stylesheet: `/${manifest.stylesheet}`,
    csp: widgetPageCsp(manifest.styleHashes),
  };
}
