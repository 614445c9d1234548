import { QuarryError } from "../../errors/quarry-error.js";
import { fileNameCharacters } from "../guard/duckdb-references.js";
import { asciiLower, isSystemRelationName } from "../guard/forbidden-functions.js";

/**
 * Checks the names an engine gives its tables, for the native and the WASM DuckDB engines alike. Names
 * become SQL identifiers the guard compares case-insensitively, so they must be unique that way; path and
 * glob characters would read as a file to DuckDB's replacement scans, and catalog names could be confused
 * with DuckDB's own relations.
 */
export function checkTableNames(tables: readonly { name: string }[]): void {
  const seen = new Set<string>();
  for (const { name } of tables) {
    const control = [...name].some((character) => (character.codePointAt(0) ?? 0) < 0x20);
    if (
      !name ||
      name.length > 255 ||
      control ||
      fileNameCharacters.test(name) ||
      isSystemRelationName(name)
    ) {
      throw new QuarryError("INVALID_INPUT", `The table name ${JSON.stringify(name)} cannot be used.`);
    }
    const key = asciiLower(name);
    if (seen.has(key)) {
      throw new QuarryError("INVALID_INPUT", `The table name ${JSON.stringify(name)} is used twice.`);
    }
    seen.add(key);
  }
}
