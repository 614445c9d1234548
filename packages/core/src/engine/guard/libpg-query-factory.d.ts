/**
 * libpg-query's Emscripten factory, which the package ships without types (its typed entry starts the
 * module itself; see pg-query-wasm.ts). Only the options the portable guard passes are described.
 */
declare module "libpg-query/wasm/libpg-query.js" {
  /** Instantiates the WebAssembly module; resolves once it can be called. */
  const factory: (options?: {
    /** Where the `.wasm` is, given the file name the module asks for. */
    locateFile?: (path: string, scriptDirectory: string) => string;
    /** Where the module writes its error output (default `console.error`). */
    printErr?: (text: string) => void;
    /** Instantiates the module itself with the given imports and hands the instance to `receive`. */
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance) => void,
    ) => Record<string, never>;
  }) => Promise<unknown>;
  export default factory;
}
