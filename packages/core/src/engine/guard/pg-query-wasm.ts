import { QuarryError } from "../../errors/quarry-error.js";
import type { PgParse, RawStatement } from "./pg-parser.js";

/**
 * libpg-query's parser and scanner for the portable DuckDB guard, loaded from a `.wasm` the host chooses.
 *
 * libpg-query's own entry (`import("libpg-query")`) starts its Emscripten module the moment it is imported
 * and passes it no options, so the module looks for `libpg-query.wasm` next to the script that loaded it: in
 * Node beside the package, but in a browser bundle relative to the page (ES modules have no
 * `document.currentScript`), where a bundler rarely puts it. This loader imports the Emscripten factory
 * (`libpg-query/wasm/libpg-query.js`) itself and hands it the location (`locateFile`) or the compiled
 * bytes (`instantiateWasm`), and calls the same exported C functions libpg-query's `parse` and `scan` call.
 *
 * The factory file holds `require("node:fs")` and `require("node:crypto")` inside branches only Node takes;
 * a browser bundler must leave them unresolved or stub them (Vite stubs them by itself).
 */

/**
 * Where libpg-query's WebAssembly comes from: a URL (in a browser, what the bundler gives
 * `libpg-query/wasm/libpg-query.wasm`, e.g. Vite's `?url` import), a file path or `file:` URL in Node, or
 * the module's bytes. Absent, the module looks beside its own script (Node) or the page (browsers).
 */
export type PgQueryWasmSource = string | URL | Uint8Array | ArrayBuffer;

/** One token of PostgreSQL's scanner; offsets count UTF-8 bytes. */
export interface PgToken {
  start: number;
  end: number;
  /** The scanner's token name, e.g. `IDENT`, `SCONST`, `SQL_COMMENT`, `C_COMMENT`; `UNKNOWN` for keywords. */
  tokenName: string;
}

/** PostgreSQL's parser and scanner from one libpg-query module. */
export interface PgQueryParser {
  parse: PgParse;
  /** The text's tokens, comments included. */
  scan(sql: string): Promise<PgToken[]>;
}

/** The parts of libpg-query's Emscripten module the parser uses. */
interface PgQueryModule {
  _malloc(size: number): number;
  _free(pointer: number): void;
  lengthBytesUTF8(text: string): number;
  stringToUTF8(text: string, pointer: number, maxBytes: number): void;
  UTF8ToString(pointer: number): string;
  getValue(pointer: number, type: "i32"): number;
  _wasm_parse_query_raw(query: number): number;
  _wasm_free_parse_result(result: number): void;
  _wasm_scan(query: number): number;
  _wasm_free_string(text: number): void;
}

/** Loaded modules by URL (`""`: the default location), and by the bytes object they came from. */
const byUrl = new Map<string, Promise<PgQueryParser>>();
const byBytes = new WeakMap<object, Promise<PgQueryParser>>();

/**
 * Loads libpg-query's module from `source`, once per URL (or bytes object), on first use: the browser entry
 * never fetches the 1.7 MB module unless an engine needs the portable guard. Fails with `INVALID_INPUT`
 * when libpg-query is not installed or its `.wasm` cannot be loaded, and tries again on the next call.
 */
export function loadPgQueryWasm(source?: PgQueryWasmSource): Promise<PgQueryParser> {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return once(byBytes, source, source);
  return once(byUrl, source instanceof URL ? source.href : (source ?? ""), source);
}

/** What a Map and a WeakMap share. */
interface Cache<K> {
  get(key: K): Promise<PgQueryParser> | undefined;
  set(key: K, value: Promise<PgQueryParser>): unknown;
  delete(key: K): boolean;
}

function once<K>(cache: Cache<K>, key: K, source: PgQueryWasmSource | undefined): Promise<PgQueryParser> {
  const cached = cache.get(key);
  if (cached) return cached;
  const loading = instantiate(source).catch((cause: unknown) => {
    cache.delete(key);
    throw new QuarryError(
      "INVALID_INPUT",
      "The DuckDB-WASM engine's SQL guard needs libpg-query (npm install libpg-query) and its .wasm; in a " +
        "browser pass libpgQueryWasm, the URL your bundler gives libpg-query/wasm/libpg-query.wasm. " +
        `(${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
  });
  cache.set(key, loading);
  return loading;
}

async function instantiate(source: PgQueryWasmSource | undefined): Promise<PgQueryParser> {
  const { default: factory } = await import("libpg-query/wasm/libpg-query.js");
  let module: PgQueryModule;
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    // This build reads no `wasmBinary` option, only `instantiateWasm`, whose failure it never hears of:
    // compiling first turns bad bytes into an error here, and a failed instantiation rejects the race.
    // A copy: the view may sit on a SharedArrayBuffer, which WebAssembly.compile is not typed to take.
    const compiled = await WebAssembly.compile(
      source instanceof ArrayBuffer ? source : new Uint8Array(source),
    );
    let fail: (reason: unknown) => void = () => {};
    const failed = new Promise<never>((_, reject) => {
      fail = reject;
    });
    module = (await Promise.race([
      factory({
        printErr: ignore,
        instantiateWasm(imports, receive) {
          WebAssembly.instantiate(compiled, imports).then(receive, fail);
          return {};
        },
      }),
      failed,
    ])) as PgQueryModule;
  } else {
    const url = source instanceof URL ? source.href : source;
    module = (await factory(
      url === undefined ? { printErr: ignore } : { printErr: ignore, locateFile: () => url },
    )) as PgQueryModule;
  }
  return {
    parse: async (sql) => parseWith(module, sql),
    scan: async (sql) => scanWith(module, sql),
  };
}

/** The module's own error output: a failed load already reaches the caller as the error's message. */
function ignore(): void {}

/** libpg-query's `parse`: `PgQueryParseResult` is `{ char *tree; char *stderr; PgQueryError *error }`. */
function parseWith(module: PgQueryModule, sql: string): { stmts?: RawStatement[] } {
  return withCString(module, sql, (query) => {
    const result = module._wasm_parse_query_raw(query);
    if (!result) throw new Error("libpg-query could not allocate its result");
    try {
      const tree = module.getValue(result, "i32");
      const error = module.getValue(result + 8, "i32");
      // `PgQueryError` is `{ char *message; char *funcname; char *filename; int lineno; int cursorpos; … }`.
      if (error) throw new PgSyntaxError(module.UTF8ToString(module.getValue(error, "i32")));
      if (!tree) throw new Error("libpg-query gave no parse tree");
      return JSON.parse(module.UTF8ToString(tree)) as { stmts?: RawStatement[] };
    } finally {
      module._wasm_free_parse_result(result);
    }
  });
}

/** libpg-query's `scan`: JSON `{ version, tokens }`, or an error message in place of the JSON. */
function scanWith(module: PgQueryModule, sql: string): PgToken[] {
  return withCString(module, sql, (query) => {
    const result = module._wasm_scan(query);
    try {
      const text = module.UTF8ToString(result);
      if (!text.startsWith("{")) throw new Error(text);
      return (JSON.parse(text) as { tokens?: PgToken[] }).tokens ?? [];
    } finally {
      if (result) module._wasm_free_string(result);
    }
  });
}

function withCString<T>(module: PgQueryModule, text: string, use: (pointer: number) => T): T {
  const size = module.lengthBytesUTF8(text) + 1;
  const pointer = module._malloc(size);
  try {
    module.stringToUTF8(text, pointer, size);
    return use(pointer);
  } finally {
    module._free(pointer);
  }
}

/** A syntax error, named like libpg-query's own `SqlError` so `parseStatements` treats both alike. */
class PgSyntaxError extends Error {
  override readonly name = "SqlError";
}
