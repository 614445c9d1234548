import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const data = (file: string) =>
  fileURLToPath(new URL(`../../../../../shared/eval/data/${file}`, import.meta.url));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("quarry sql", () => {
  it("loads files as tables and prints JSON results", async () => {
    const { code, out } = await run(
      "sql",
      `weather=${data("seattle-weather.csv")}`,
      "--sql",
      "SELECT year(date) AS year, round(sum(precipitation), 1) AS total FROM weather GROUP BY 1 ORDER BY 1",
      "--json",
    );
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.columns.map((c: { name: string }) => c.name)).toEqual(["year", "total"]);
    expect(result.rows).toHaveLength(4);
    expect(result.rows[0]).toEqual([2012, 1226.0]);
    expect(result).toMatchObject({ rowCount: 4, truncated: false });
  });

  it("joins two files and caps rows with a true count", async () => {
    const { code, out } = await run(
      "sql",
      data("stocks.csv"),
      `w=${data("seattle-weather.csv")}`,
      "--sql",
      "SELECT s.symbol, count(*) AS n FROM stocks s JOIN w ON true WHERE w.date = DATE '2012-01-01' GROUP BY 1",
      "--max-rows",
      "2",
      "--json",
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ rowCount: 5, truncated: true });
    expect(JSON.parse(out).rows).toHaveLength(2);
  });

  it("refuses unsafe SQL with a JSON error and exit code 2, leaving no file behind", async () => {
    const target = `${tmpdir()}/quarry-cli-pwned-${Date.now()}.csv`;
    for (const sql of [
      "DROP TABLE weather",
      "SELECT * FROM read_csv('/etc/passwd')",
      `COPY weather TO '${target}'`,
      "SELECT 1; SELECT 2",
    ]) {
      const { code, out } = await run(
        "sql",
        `weather=${data("seattle-weather.csv")}`,
        "--sql",
        sql,
        "--json",
      );
      expect(code).toBe(2);
      expect(JSON.parse(out).error.code).toBe("UNSAFE_SQL");
    }
    expect(existsSync(target)).toBe(false);
  });

  it("prints a plain table and reports failures on stderr without --json", async () => {
    const ok = await run(
      "sql",
      data("stocks.csv"),
      "--sql",
      "SELECT symbol, max(price) AS top FROM stocks GROUP BY 1 ORDER BY 2 DESC LIMIT 2",
    );
    expect(ok.code).toBe(0);
    expect(ok.out.split("\n")[0]).toMatch(/^symbol\s+top$/);
    expect(ok.out).toContain("GOOG");
    const bad = await run("sql", data("stocks.csv"), "--sql", "SELECT nope FROM stocks");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/nope/);
    const usage = await run("sql", data("stocks.csv"));
    expect(usage.code).toBe(2);
    expect(usage.err).toContain("Usage: quarry sql");
    const flag = await run("sql", data("stocks.csv"), "--sql", "SELECT 1", "--bogus");
    expect(flag.code).toBe(2);
  });

  it("exits 1 for a query that outruns --timeout: the query failed, the request was fine", async () => {
    const args = ["sql", `w=${data("seattle-weather.csv")}`, "--sql", "SELECT count(*) FROM w a, w b, w c"];
    const json = await run(...args, "--timeout", "50", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).error).toEqual({
      code: "QUERY_TIMEOUT",
      message: "The query ran longer than 50 ms and was stopped.",
    });
    const plain = await run(...args, "--timeout", "50");
    expect(plain.code).toBe(1);
    expect(plain.err).toBe("quarry sql: The query ran longer than 50 ms and was stopped.");
  });

  it("reports a missing file as INVALID_FILE", async () => {
    const { code, out } = await run("sql", "/no/such/file.csv", "--sql", "SELECT 1", "--json");
    expect(code).toBe(2);
    expect(JSON.parse(out).error.code).toBe("INVALID_FILE");
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith("quarry-cli-pwned"))).toEqual([]);
  });
});

describe("quarry ingest", () => {
  it("prints the profile as JSON with columns named exactly as in the file", async () => {
    const { code, out } = await run("ingest", data("penguins.json"), "--json");
    expect(code).toBe(0);
    const [table] = JSON.parse(out).tables;
    expect(table).toMatchObject({ tableName: "penguins", format: "json", rowCount: 344 });
    expect(table.columns.map((c: { name: string }) => c.name)).toContain("Beak Length (mm)");
    expect(table.parquetPath).toBeUndefined();
  });

  it("prints a readable summary with suggestions", async () => {
    const { code, out } = await run("ingest", data("seattle-weather.csv"));
    expect(code).toBe(0);
    expect(out).toMatch(/^seattle_weather: 1461 rows, 6 columns \(csv/);
    expect(out).toMatch(/precipitation\s+DOUBLE/);
  });

  it("reports a file it cannot read as INVALID_FILE with exit code 2, as JSON with --json", async () => {
    const json = await run("ingest", "/no/such/file.csv", "--json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({
      error: { code: "INVALID_FILE", message: 'The file "file.csv" cannot be read.' },
    });
    expect(json.err).toBe("");
    const plain = await run("ingest", "/no/such/file.csv");
    expect(plain.code).toBe(2);
    expect(plain.out).toBe("");
    expect(plain.err).toBe('quarry ingest: The file "file.csv" cannot be read.');
  });
});
