import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";
import { type BenchSection, printSection } from "./bench-kit.js";

/** The widget's first download, without React, may be at most this many gzip bytes. */
const targetInitialGzip = 60_000;

const root = fileURLToPath(new URL("../../", import.meta.url));

/** What a host app writes to load Quarry, one entry per kind of app. */
const entries = {
  /** React and react-dom alone: the baseline, for scale. */
  react: `import * as React from "react";
import * as Jsx from "react/jsx-runtime";
import { createRoot } from "react-dom/client";
export { createRoot, Jsx, React };`,
  /** A host with a Quarry server: the widget over HTTP. */
  http: `export { QuarryChat, createChatClient, httpTransport } from "@quarry/react";`,
  /** A browser-only host: the widget over an in-page Quarry, its engine DuckDB-WASM, both loaded on demand. */
  browser: `export { QuarryChat, createChatClient, localTransport } from "@quarry/react";
export const loadEngine = () => import("@quarry/core/duckdb-wasm");
export const loadPipeline = () => import("@quarry/core");`,
} as const;

type EntryName = keyof typeof entries;

/** One file of the output, as a browser downloads it. */
interface OutputFile {
  bytes: number;
  gzip: number;
}

/** Files loaded together: at page load, or when a dynamic `import()` first runs. */
interface LoadGroup {
  /** The module the group starts at (what `import()` names), or the entry. */
  module: string;
  /** The group whose code runs the `import()`; null for the page load. */
  importedBy: string | null;
  files: string[];
  bytes: number;
  gzip: number;
  /** The packages (or workspace files) that make up the group, largest first, with their minified bytes. */
  inputs: [string, number][];
}

/**
 * What a host app downloads for the widget: each entry bundled as a host's bundler would (esbuild, ESM,
 * minified, code splitting, production React), React and react-dom external. Reports the JS of the page load
 * (every file the entry imports statically) and each group of lazy chunks a dynamic `import()` pulls in
 * (charts: vega-embed, Vega, Vega-Lite and vega-interpreter; the browser-only engine: DuckDB-WASM), in gzip
 * bytes per file as served. React and react-dom bundled alone are the baseline.
 */
export async function bundleBench(): Promise<BenchSection> {
  const reactOnly = await bundle("react", []);
  const http = await bundle("http", ["react", "react-dom", "react/*", "react-dom/*"]);
  const browser = await bundle("browser", [
    "react",
    "react-dom",
    "react/*",
    "react-dom/*",
    // Emscripten's Node branch of libpg-query and the PNG export's native renderer: never run in a browser.
    "node:*",
    "@resvg/resvg-js",
  ]);

  const [react] = reactOnly.groups;
  const [httpInitial, ...httpLazy] = http.groups;
  const [browserInitial, ...browserLazy] = browser.groups;
  if (!react || !httpInitial || !browserInitial) throw new Error("An entry produced no output.");
  const met = httpInitial.gzip <= targetInitialGzip;
  const browserMet = browserInitial.gzip <= targetInitialGzip;
  // drawChart imports vega-embed and vega-interpreter side by side; they share chunks, counted once here.
  const firstChart = union(
    httpLazy.filter((group) => group.importedBy === httpInitial.module && group.module.startsWith("vega")),
    http.files,
  );
  // The browser-only widget draws charts the same way; its rows would repeat the ones above.
  const engineAndPipeline = browserLazy.filter(
    (group) => !(group.importedBy === browserInitial.module && group.module.startsWith("vega")),
  );
  const assets = duckDbAssets();
  const preview = httpLazy.find((group) => group.module === "@quarry/core/client/parse-file-preview");

  const row = (what: string, when: string, group: LoadGroup, target = "—"): string[] => [
    what,
    when,
    String(group.files.length),
    kB(group.bytes),
    kB(group.gzip),
    target,
    contents(group),
  ];
  const lazyRows = (groups: LoadGroup[], entry: LoadGroup) =>
    groups.map((group) =>
      row(
        `lazy: \`${group.module}\``,
        group.importedBy === entry.module ? loadedWhen(group.module) : `imported by \`${group.importedBy}\``,
        group,
      ),
    );
  const target = (ok: boolean) => `≤ ${kB(targetInitialGzip)} kB gzip: ${ok ? "**met**" : "**not met**"}`;

  return {
    title: "Widget bundle: what a host app downloads",
    command: "npm run bench:bundle",
    table: [
      [
        "what loads",
        "when",
        "JS files",
        "minified kB",
        "gzip kB",
        "target",
        "largest inputs (share of minified)",
      ],
      row("React + react-dom alone (baseline)", "page load", react),
      row(
        "**widget over HTTP**: `QuarryChat`, `createChatClient`, `httpTransport`",
        "page load",
        httpInitial,
        target(met),
      ),
      ...lazyRows(httpLazy, httpInitial),
      [
        "first chart: both `import()`s above, shared chunks once",
        "first chart",
        String(firstChart.count),
        kB(firstChart.bytes),
        kB(firstChart.gzip),
        "—",
        "—",
      ],
      row(
        "**browser-only widget**: `QuarryChat`, `createChatClient`, `localTransport`",
        "page load",
        browserInitial,
        target(browserMet),
      ),
      ...lazyRows(engineAndPipeline, browserInitial),
      ...assets.map((asset) => [
        `asset: \`${asset.name}\``,
        "engine start (the host serves it)",
        "—",
        kB(asset.bytes),
        kB(asset.gzip),
        "—",
        asset.what,
      ]),
    ],
    notes: [
      `Widget over HTTP, page-load JS without React: ${met ? "**met**" : "**not met**"} (${kB(httpInitial.gzip)} kB gzip, target ≤ ${kB(targetInitialGzip)} kB). React + react-dom add ${kB(react.gzip)} kB for a host that does not load them already.`,
      `The first chart loads ${kB(firstChart.gzip)} kB gzip more, once (${(firstChart.gzip / httpInitial.gzip).toFixed(1)}× the widget); pages without charts never load it.`,
      `The instant preview of a picked file (PapaParse and the JSON reader) loads ${preview ? kB(preview.gzip) : "—"} kB gzip when the first file is picked; pages that never upload never load it.`,
      `Browser-only widget, page-load JS without React: ${browserMet ? "**met**" : "**not met**"} (${kB(browserInitial.gzip)} kB gzip). The engine (\`@quarry/core/duckdb-wasm\`) and the pipeline (\`@quarry/core\`) load on demand, with the chunks they import in turn; charts load as for the widget over HTTP. DuckDB-WASM's worker and WebAssembly binary are files the host serves (sizes of the package's files).`,
      "Each entry is a virtual module bundled with esbuild (`bundle`, `format: esm`, `splitting`, `minify`, `platform: browser`, `process.env.NODE_ENV` = production); `@quarry/*` resolve to the workspace source as in vitest.config.ts (the published build holds the same modules). Sizes are per file as served, gzip level 9, summed over a row's files; kB = 1,000 bytes. A lazy row is the chunks its `import()` adds to the page load and to the rows that import it; rows loaded side by side can share chunks (the first-chart row counts them once), so lazy rows do not add up.",
      "The browser-only entry marks `node:*` (libpg-query's Emscripten Node branch) and `@resvg/resvg-js` (the PNG export's native renderer, reached from `@quarry/core` through a dynamic import) external: esbuild cannot bundle them for a browser, where neither runs.",
    ],
  };
}

/** Bundles one entry and splits its output into what loads at page load and what each `import()` adds. */
async function bundle(
  name: EntryName,
  external: string[],
): Promise<{ groups: LoadGroup[]; files: Map<string, OutputFile> }> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { [name]: `entry:${name}` },
    bundle: true,
    format: "esm",
    splitting: true,
    minify: true,
    platform: "browser",
    target: "es2022",
    define: { "process.env.NODE_ENV": '"production"' },
    external,
    outdir: "bundle-bench",
    write: false,
    metafile: true,
    logLevel: "error",
    plugins: [virtualEntries(), workspaceSource()],
  });
  const files = new Map<string, OutputFile>();
  for (const file of result.outputFiles) {
    if (!file.path.endsWith(".js")) continue;
    files.set(relative(root, file.path), {
      bytes: file.contents.length,
      gzip: gzipSync(file.contents, { level: 9 }).length,
    });
  }
  return { groups: loadGroups(result.metafile, files), files };
}

/**
 * The page load's group first, then each dynamic import's, breadth first. A lazy group is what its `import()`
 * adds to the page load and to the groups on the way to it; groups loaded side by side may share chunks.
 */
function loadGroups(metafile: Metafile, files: Map<string, OutputFile>): LoadGroup[] {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((path) => outputs[path]?.entryPoint?.startsWith("entry:"));
  if (!entry) throw new Error("No entry output.");
  const groups: LoadGroup[] = [];
  const started = new Set<string>();
  const queue: { start: string; importedBy: string | null; before: ReadonlySet<string> }[] = [
    { start: entry, importedBy: null, before: new Set() },
  ];
  while (queue.length > 0) {
    const { start, importedBy, before } = queue.shift()!;
    if (started.has(start)) continue;
    started.add(start);
    const members = staticClosure(outputs, start).filter((path) => !before.has(path));
    const group = groupOf(outputs, files, start, importedBy, members);
    groups.push(group);
    const loaded = new Set([...before, ...members]);
    for (const path of members) {
      for (const imported of outputs[path]?.imports ?? []) {
        if (imported.kind === "dynamic-import" && outputs[imported.path]) {
          queue.push({ start: imported.path, importedBy: group.module, before: loaded });
        }
      }
    }
  }
  return groups;
}

/** The files of several groups, each once, and their size. */
function union(groups: readonly LoadGroup[], files: Map<string, OutputFile>): OutputFile & { count: number } {
  const paths = new Set(groups.flatMap((group) => group.files));
  const sizes = [...paths].map((path) => files.get(path) ?? { bytes: 0, gzip: 0 });
  return {
    count: paths.size,
    bytes: sizes.reduce((sum, size) => sum + size.bytes, 0),
    gzip: sizes.reduce((sum, size) => sum + size.gzip, 0),
  };
}

/** `start` and every output it imports statically, transitively. */
function staticClosure(outputs: Metafile["outputs"], start: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !outputs[path]) return;
    seen.add(path);
    for (const imported of outputs[path].imports)
      if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(start);
  return [...seen];
}

function groupOf(
  outputs: Metafile["outputs"],
  files: Map<string, OutputFile>,
  start: string,
  importedBy: string | null,
  members: string[],
): LoadGroup {
  const byInput = new Map<string, number>();
  for (const path of members) {
    for (const [input, { bytesInOutput }] of Object.entries(outputs[path]?.inputs ?? {})) {
      const label = sourceLabel(input);
      byInput.set(label, (byInput.get(label) ?? 0) + bytesInOutput);
    }
  }
  const sizes = members.map((path) => files.get(path) ?? { bytes: 0, gzip: 0 });
  const entryPoint = outputs[start]?.entryPoint ?? start;
  return {
    module: entryPoint.startsWith("entry:") ? entryPoint : sourceLabel(entryPoint),
    importedBy,
    files: members,
    bytes: sizes.reduce((sum, size) => sum + size.bytes, 0),
    gzip: sizes.reduce((sum, size) => sum + size.gzip, 0),
    inputs: [...byInput]
      .filter(([label, bytes]) => bytes > 0 && !label.startsWith("entry:"))
      .sort((a, b) => b[1] - a[1]),
  };
}

/** A package's name for a file under node_modules; a workspace file's package, and path for its lazy modules. */
function sourceLabel(path: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inPackage) return inPackage[1]!;
  const inWorkspace = /^packages\/([^/]+)\/src\/(.+)\.tsx?$/.exec(path);
  if (inWorkspace) {
    const [, pkg, file] = inWorkspace;
    return file === "index" ? `@quarry/${pkg}` : `@quarry/${pkg}/${file}`;
  }
  return path;
}

/** The largest inputs of a group, with their share of its minified bytes. */
function contents(group: LoadGroup): string {
  // Workspace files are summed per package, so the column names what a reader could replace or trim.
  const byPackage = new Map<string, number>();
  for (const [label, bytes] of group.inputs) {
    const key = label.startsWith("@quarry/") ? label.split("/").slice(0, 2).join("/") : label;
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytes);
  }
  const total = [...byPackage.values()].reduce((sum, bytes) => sum + bytes, 0);
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([label, bytes]) => `${label} ${Math.round((bytes / total) * 100)}%`)
    .join(", ");
}

/** When a host first runs the `import()` of this module. */
function loadedWhen(module: string): string {
  if (module.startsWith("vega")) return "first chart";
  if (module === "@quarry/core/duckdb-wasm") return "engine created";
  if (module === "@quarry/core") return "in-page Quarry created";
  // The instant preview of a picked file: the JSON reader and PapaParse, in one chunk.
  if (module === "@quarry/core/client/parse-file-preview") return "file picked";
  return "on demand";
}

/** DuckDB-WASM's worker and binary (the `eh` build, for browsers with WebAssembly exceptions). */
function duckDbAssets(): { name: string; bytes: number; gzip: number; what: string }[] {
  const require = createRequire(join(root, "package.json"));
  const dist = dirname(require.resolve("@duckdb/duckdb-wasm"));
  return [
    { file: "duckdb-browser-eh.worker.js", what: "DuckDB-WASM's worker script" },
    { file: "duckdb-eh.wasm", what: "DuckDB compiled to WebAssembly" },
  ].map(({ file, what }) => {
    const path = join(dist, file);
    return {
      name: file,
      bytes: statSync(path).size,
      gzip: gzipSync(readFileSync(path), { level: 9 }).length,
      what,
    };
  });
}

/** Entries given as source: `entry:<name>` is the module {@link entries} holds. */
function virtualEntries(): Plugin {
  return {
    name: "virtual-entries",
    setup(builder) {
      builder.onResolve({ filter: /^entry:/ }, (args) => ({ path: args.path, namespace: "entry" }));
      builder.onLoad({ filter: /.*/, namespace: "entry" }, (args) => ({
        contents: entries[args.path.slice("entry:".length) as EntryName],
        resolveDir: root,
        loader: "ts",
      }));
    },
  };
}

/** `@quarry/*` to the workspace source, as vitest.config.ts and the Storybook config resolve it. */
function workspaceSource(): Plugin {
  return {
    name: "workspace-source",
    setup(builder) {
      builder.onResolve({ filter: /^@quarry\// }, (args) => {
        const [, pkg, subpath] = /^@quarry\/([^/]+)(?:\/(.+))?$/.exec(args.path) ?? [];
        return { path: join(root, "packages", pkg!, "src", `${subpath ?? "index"}.ts`) };
      });
    },
  };
}

function kB(bytes: number): string {
  return (bytes / 1000).toFixed(1);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printSection(await bundleBench());
}
