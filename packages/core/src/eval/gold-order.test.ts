import { describe, expect, it } from "vitest";
import { goldIsOrdered } from "./gold-order.js";

describe("goldIsOrdered", () => {
  it("sees an ORDER BY of the outermost query", () => {
    expect(
      goldIsOrdered("SELECT year(date) AS year, sum(precipitation) FROM weather GROUP BY 1 ORDER BY 1"),
    ).toBe(true);
    expect(goldIsOrdered("select name from cars order  by weight desc limit 3")).toBe(true);
    expect(goldIsOrdered("SELECT a FROM t ORDER\n  BY a")).toBe(true);
    expect(goldIsOrdered("SELECT a FROM t ORDER /* by what */ BY a")).toBe(true);
    expect(goldIsOrdered("SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1")).toBe(true);
    expect(goldIsOrdered("WITH x AS (SELECT a FROM t) SELECT * FROM x ORDER BY a")).toBe(true);
  });

  it("is false without ORDER BY, or when it is only inside parentheses", () => {
    expect(goldIsOrdered("SELECT count(*) FROM weather")).toBe(false);
    expect(goldIsOrdered("SELECT weather, avg(wind) FROM weather GROUP BY weather")).toBe(false);
    expect(goldIsOrdered("SELECT * FROM (SELECT a FROM t ORDER BY a LIMIT 5)")).toBe(false);
    expect(goldIsOrdered("WITH top AS (SELECT a FROM t ORDER BY a LIMIT 5) SELECT a FROM top")).toBe(false);
    expect(goldIsOrdered("SELECT a, rank() OVER (PARTITION BY b ORDER BY c) FROM t")).toBe(false);
    expect(goldIsOrdered("SELECT string_agg(a, ',' ORDER BY a) FROM t")).toBe(false);
    expect(goldIsOrdered("SELECT a FROM t WINDOW w AS (ORDER BY a)")).toBe(false);
  });

  it("ignores ORDER BY in strings, quoted names and comments", () => {
    expect(goldIsOrdered("SELECT 'order by x' AS note FROM t")).toBe(false);
    expect(goldIsOrdered("SELECT 'it''s ) order by' FROM t")).toBe(false);
    expect(goldIsOrdered('SELECT "order" FROM t WHERE "by" = 1')).toBe(false);
    expect(goldIsOrdered("SELECT a FROM t -- ORDER BY a")).toBe(false);
    expect(goldIsOrdered("SELECT a FROM t /* ORDER BY a */")).toBe(false);
    expect(goldIsOrdered("SELECT order_by FROM t")).toBe(false);
    // A parenthesis inside a string does not change the depth.
    expect(goldIsOrdered("SELECT a FROM t WHERE b = '(' ORDER BY a")).toBe(true);
  });

  it("agrees with the dev suite's cases", () => {
    expect(goldIsOrdered("SELECT Name FROM cars ORDER BY Miles_per_Gallon DESC NULLS LAST LIMIT 1")).toBe(
      true,
    );
    expect(
      goldIsOrdered(
        "SELECT count(*) FROM flights f JOIN airports a ON f.origin = a.iata WHERE a.state = 'CA'",
      ),
    ).toBe(false);
  });
});
