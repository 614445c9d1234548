/** Types of build-client.mjs, for the tests that build the examples' client in-process. */

/** What {@link buildExampleClient} wrote: paths relative to `outDir`. */
export interface ExampleClientBuild {
  outDir: string;
  script: string;
  stylesheet: string;
  styleHashes: string[];
}

/** Bundles the examples' client into `outDir` (emptied first) and resolves with what it wrote. */
export declare function buildExampleClient(options: {
  outDir: string;
  minify?: boolean;
}): Promise<ExampleClientBuild>;

/** Builds the client into `exampleDir/dist`. */
export declare function buildForExample(exampleDir: string): Promise<void>;
