/** Options every store adapter takes. */
export interface StoreOptions {
  /** Current time; injectable so tests can order records deterministically. */
  now?: () => Date;
  /** New record ids; defaults to random UUIDs. */
  generateId?: () => string;
}

/** Fills in the default clock and id generator. */
export function resolveStoreOptions(options: StoreOptions = {}): Required<StoreOptions> {
  return {
    now: options.now ?? (() => new Date()),
    generateId: options.generateId ?? (() => crypto.randomUUID()),
  };
}
