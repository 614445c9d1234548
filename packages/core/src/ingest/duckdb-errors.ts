/**
 * DuckDB's errors as a user reads them. Platform-neutral (no `node:path`), so the server's ingest and the
 * browser's DuckDB-WASM ingest share these rules.
 */

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A DuckDB error as a short reason a user can act on: the error-class prefix, DuckDB's suggested fixes (which
 * name reader options the user cannot set) and the trailing option dump are dropped, and local paths are
 * replaced by the file name so no server folder leaks.
 */
export function duckDbReason(error: unknown, paths: Record<string, string> = {}): string {
  let message = errorMessage(error);
  for (const [path, name] of Object.entries(paths)) message = message.replaceAll(path, name);
  message = message.replace(/\/[^\s"']*\/(quarry-[^/\s"']+)\/([^\s"']+)/g, (_, _dir, file: string) =>
    baseName(file),
  );
  const lines = message
    .replace(/^[A-Za-z ]*Error: /, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const cut = lines.findIndex((line) => /^(Possible (fixes|solutions?)|LINE \d+:|file =|\* )/.test(line));
  return (cut === -1 ? lines : lines.slice(0, cut)).slice(0, 4).join(" ").slice(0, 500);
}

/** True for DuckDB's "this file is not UTF-8" error. */
export function isUnicodeError(error: unknown): boolean {
  return /invalid unicode|not utf-8 encoded/i.test(errorMessage(error));
}

/**
 * The column a DuckDB conversion error names (`Error when converting column "v"`), or null. Only the CSV
 * reader writes this message, with the name exactly as given in `columns`.
 */
export function conversionErrorColumn(error: unknown): string | null {
  const message = errorMessage(error);
  const start = message.indexOf('Error when converting column "');
  if (start === -1) return null;
  const from = start + 'Error when converting column "'.length;
  const end = message.indexOf('". ', from);
  return end === -1 ? null : message.slice(from, end);
}

/**
 * True when DuckDB refused a value of a type it inferred from a sample (a cast or conversion error). A
 * leading `Error: `, as the text of a rethrown error can start, is allowed.
 */
export function isConversionError(error: unknown): boolean {
  return /^(Error: )?Conversion Error|Could not convert|could not be converted|Failed to cast/i.test(
    errorMessage(error),
  );
}

/** The last segment of a `/`-separated path, trailing slashes ignored, as POSIX `basename` gives it. */
function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}
