import { QuarryError } from "../../errors/quarry-error.js";

/**
 * SQLSTATEs that mean the data itself cannot be stored (Postgres text and jsonb refuse the NUL character),
 * which is the caller's input, not a broken database.
 */
const unstorableInput = new Set(["22021", "22P05"]);

/**
 * The error a database failure becomes: `STORAGE_ERROR` keeping the driver's error as `cause` (the message
 * stays generic: driver messages can quote data and schema). A QuarryError passes through unchanged.
 */
export function storageError(error: unknown): QuarryError {
  if (QuarryError.is(error)) return error;
  const sqlState = sqlStateOf(error);
  if (sqlState && unstorableInput.has(sqlState)) {
    return new QuarryError(
      "INVALID_INPUT",
      "The input contains characters that cannot be stored (e.g. NUL).",
      {
        cause: error,
      },
    );
  }
  return new QuarryError("STORAGE_ERROR", "A database operation failed.", {
    cause: error,
    ...(sqlState ? { details: { sqlState } } : {}),
  });
}

/** The SQLSTATE code of a driver error (`pg` and PGlite both put it in `code`). */
function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
