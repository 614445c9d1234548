/** A data file named on the command line, with the table name given as `NAME=FILE`. */
export interface FileArg {
  name?: string;
  path: string;
}

/**
 * Reads `[NAME=]FILE`. Only a SQL-identifier-like prefix counts as a name, so a path that merely contains
 * `=` stays a path.
 */
export function parseFileArg(arg: string): FileArg {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(arg);
  return match ? { name: match[1]!, path: match[2]! } : { path: arg };
}
