import { limits } from "../model/common.js";

/** A column whose name Quarry had to make up or change, and what the file called it. */
export interface RenamedColumn {
  name: string;
  /** The header cell as in the file; null when it was missing. */
  sourceName: string | null;
  reason: "empty" | "duplicate" | "too-long";
}

/** Column names for a table and what was renamed. */
export interface ColumnNames {
  names: string[];
  renamed: RenamedColumn[];
}

/**
 * Column names kept exactly as in the file (`Cost Total $`, `Beak Length (mm)`, ` padded `: whitespace is
 * kept too, so nothing needs a lookup table to map back), except where SQL needs a change:
 *
 * - an empty or missing header becomes `column_N`, N being the 1-based position (`a,,b` → `column_2`);
 * - a duplicate gets `_2`, `_3`, … (`x,x` → `x`, `x_2`); duplicates are found case-insensitively because
 *   DuckDB identifiers are (`x,X` → `x`, `X_2`);
 * - a name longer than 256 characters is cut.
 *
 * Every change is listed in `renamed`, so the original stays recoverable.
 */
export function uniqueColumnNames(raw: readonly (string | null | undefined)[]): ColumnNames {
  const taken = new Set<string>();
  const renamed: RenamedColumn[] = [];
  // Names used as-is are reserved first so a made-up `x_2` never steals a later real `x_2`.
  const reserved = new Set(
    raw.filter((n): n is string => typeof n === "string" && n.trim() !== "" && n.length <= limits.nameLength),
  );
  const reservedLower = new Set([...reserved].map((n) => n.toLowerCase()));
  const names = raw.map((source, index) => {
    const sourceName = typeof source === "string" ? source : null;
    let base = sourceName ?? "";
    let reason: RenamedColumn["reason"] | null = null;
    if (base.trim() === "") {
      base = `column_${index + 1}`;
      reason = "empty";
    } else if (base.length > limits.nameLength) {
      base = base.slice(0, limits.nameLength);
      reason = "too-long";
    }
    let name = base;
    const clashes = (candidate: string) =>
      taken.has(candidate.toLowerCase()) ||
      (candidate !== sourceName && reservedLower.has(candidate.toLowerCase()));
    for (let n = 2; clashes(name); n++) {
      const suffix = `_${n}`;
      name = `${base.slice(0, limits.nameLength - suffix.length)}${suffix}`;
      reason ??= "duplicate";
    }
    taken.add(name.toLowerCase());
    if (reason) renamed.push({ name, sourceName, reason });
    return name;
  });
  return { names, renamed };
}
