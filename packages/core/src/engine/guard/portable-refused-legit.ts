/**
 * The legit DuckDB fixtures (testing/engine/legit-sql.ts) the portable guard refuses, by note, with the
 * DuckDB-only syntax PostgreSQL's grammar cannot parse in each. The portable guard fails closed on all of
 * them (`UNSAFE_SQL`, "standard SQL only"); every other legit fixture must pass it. For tests; not part of
 * any entry.
 */
export const portableRefusedLegit: ReadonlyMap<string, string> = new Map([
  ["QUALIFY", "the QUALIFY clause"],
  ["GROUP BY ALL", "GROUP BY ALL and ORDER BY ALL"],
  ["FROM-first", "FROM before SELECT"],
  ["EXCLUDE", "SELECT * EXCLUDE (…)"],
  ["PIVOT with IN", "the PIVOT statement"],
  ["UNPIVOT", "the UNPIVOT statement"],
  ["generate_series of dates", "an unquoted interval, INTERVAL 1 DAY (PostgreSQL needs INTERVAL '1 day')"],
  ["unnest", "the list literal ['shipped', 'pending']"],
  ["struct and list literals", "the struct and list literals {'id': …} and […]"],
]);
