import { describe, expect, it } from "vitest";
import { modelFor, salesFixture, useSalesBench } from "../chat/turn-fixtures.js";
import type { MockWire } from "../testing/model/script.js";
import { createScriptedModel } from "../testing/model/scripted-model.js";
import { applyVerifierFix, verifyAnswerSql } from "./verifier.js";

const bench = useSalesBench();
const question = "Total sales in the North region";
const wrongSql = "SELECT sum(amount) AS total FROM sales";
const fixedSql = "SELECT sum(amount) AS total FROM sales WHERE region = 'North'";

describe.each<MockWire>(["openai", "anthropic"])("the verifier through the %s SDK", (wire) => {
  it("sends the question, the SQL and the result without tools, and reads an objection with a fix", async () => {
    bench.server.setScript({
      text: `Here you go:\n\`\`\`json\n${JSON.stringify({ ok: false, problem: "It ignores the region.", fixedSql })}\n\`\`\``,
    });
    const before = bench.server.requests.length;
    const result = await bench.engine.query(wrongSql);
    const verdict = await verifyAnswerSql({
      model: modelFor(wire, bench.server),
      question,
      sql: wrongSql,
      result,
      modelRows: 20,
      dialect: "duckdb",
      schema: '- "sales" (4 rows): "region" VARCHAR, "amount" DOUBLE',
    });
    expect(verdict).toMatchObject({
      ok: false,
      problem: "It ignores the region.",
      fixedSql,
      status: "checked",
    });
    expect(verdict.usage.outputTokens).toBeGreaterThan(0);

    const request = bench.server.requests[before];
    const sent = JSON.stringify(request?.body);
    expect(sent).toContain("You review one SQL query");
    expect(sent).toContain(`Question: ${question}`);
    expect(sent).toContain(wrongSql);
    expect(sent).toContain("Result: 1 rows; columns total DOUBLE.");
    expect(sent).toContain("First rows: [[450]]");
    expect(sent).toContain('\\"sales\\" (4 rows)');
    const body = request?.body as { tools?: unknown[] };
    expect(body.tools ?? []).toEqual([]);
  });

  it("shows no rows when the privacy setting hides them", async () => {
    bench.server.setScript({ text: '{"ok": true}' });
    const before = bench.server.requests.length;
    const verdict = await verifyAnswerSql({
      model: modelFor(wire, bench.server),
      question,
      sql: wrongSql,
      result: await bench.engine.query(wrongSql),
      modelRows: 0,
      dialect: "duckdb",
    });
    expect(verdict).toMatchObject({ ok: true, status: "checked" });
    expect(JSON.stringify(bench.server.requests[before]?.body)).not.toContain("450");
  });

  it("takes a failed call as no objection", async () => {
    bench.server.setScript({ status: 400, message: "bad request" });
    const verdict = await verifyAnswerSql({
      model: modelFor(wire, bench.server),
      question,
      sql: wrongSql,
      result: await bench.engine.query(wrongSql),
      modelRows: 20,
      dialect: "duckdb",
    });
    expect(verdict).toMatchObject({ ok: true, status: "model-failed" });
  });
});

describe("reading the verifier's reply", () => {
  const verify = async (text: string) =>
    verifyAnswerSql({
      model: createScriptedModel({ script: { text } }),
      question,
      sql: wrongSql,
      result: { columns: [], rows: [], rowCount: 0, truncated: false, durationMs: 0 },
      modelRows: 20,
      dialect: "duckdb",
    });

  it.each([
    ["prose", "Looks fine to me."],
    ["broken JSON", '{"ok": false, "problem": '],
    ["a wrong shape", '{"ok": "no"}'],
  ])("takes %s as no objection", async (_name, text) => {
    expect(await verify(text)).toMatchObject({ ok: true, status: "unreadable" });
  });

  it("drops a 'fix' that is the same statement", async () => {
    const verdict = await verify(
      JSON.stringify({ ok: false, problem: "p", fixedSql: `${wrongSql.toLowerCase()};` }),
    );
    expect(verdict).toEqual({ ok: false, problem: "p", status: "checked", usage: expect.any(Object) });
  });

  it("stops with ABORTED when the turn is stopped", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      verifyAnswerSql({
        model: createScriptedModel({ script: { hang: true } }),
        question,
        sql: wrongSql,
        result: { columns: [], rows: [], rowCount: 0, truncated: false, durationMs: 0 },
        modelRows: 20,
        dialect: "duckdb",
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: "ABORTED" });
  });
});

describe("applyVerifierFix", () => {
  it("runs a fix through the engine", async () => {
    const fix = await applyVerifierFix(bench.engine, fixedSql, { maxRows: 100, timeoutMs: 5_000 });
    expect(fix).toMatchObject({ applied: true, sql: fixedSql, result: { rows: [[300]] } });
    expect(salesFixture.rows.length).toBe(4);
  });

  it("refuses a fix the guard refuses, keeping the answer", async () => {
    const fix = await applyVerifierFix(bench.engine, "DROP TABLE sales", { maxRows: 100, timeoutMs: 5_000 });
    expect(fix).toMatchObject({ applied: false, error: { code: "UNSAFE_SQL" } });
    expect((await bench.engine.query("SELECT count(*) AS n FROM sales")).rows).toEqual([[4]]);
  });

  it("reports a fix that fails to run", async () => {
    const fix = await applyVerifierFix(bench.engine, "SELECT nope FROM sales", {
      maxRows: 100,
      timeoutMs: 5_000,
    });
    expect(fix).toMatchObject({ applied: false, error: { code: "QUERY_FAILED" } });
  });
});
