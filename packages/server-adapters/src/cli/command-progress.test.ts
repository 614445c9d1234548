import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

const data = (file: string) =>
  fileURLToPath(new URL(`../../../../../shared/eval/data/${file}`, import.meta.url));

const clearLine = "\r\x1b[2K";
let savedCi: string | undefined;
beforeEach(() => {
  savedCi = process.env.CI;
  delete process.env.CI;
});
afterEach(() => {
  if (savedCi === undefined) delete process.env.CI;
  else process.env.CI = savedCi;
});

/** Runs the CLI as on a terminal, or off one, keeping stdout lines and progress drawings in one timeline. */
async function run(argv: string[], terminal = true) {
  const timeline: { to: "stdout" | "progress"; text: string }[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    stdout: (text) => timeline.push({ to: "stdout", text }),
    stderr: (text) => err.push(text),
    ...(terminal ? { progress: (text: string) => void timeline.push({ to: "progress", text }) } : {}),
  });
  const drawn = timeline.filter((e) => e.to === "progress").map((e) => e.text);
  const out = timeline.filter((e) => e.to === "stdout").map((e) => e.text);
  const firstOut = timeline.findIndex((e) => e.to === "stdout");
  // What the terminal shows when the first output line is printed: the bar must be gone by then.
  const shownBeforeOutput = timeline.slice(0, firstOut).findLast((e) => e.to === "progress")?.text;
  return { code, err: err.join("\n"), drawn, out: out.join("\n"), shownBeforeOutput };
}

describe("progress while commands load files", () => {
  it("quarry ingest shows the bytes read and the profiling, cleared before the profile prints", async () => {
    const plain = await run(["ingest", data("seattle-weather.csv")]);
    expect(plain.code, plain.err).toBe(0);
    expect(
      plain.drawn.some((t) => /\] 100% [\d.]+ kB\/[\d.]+ kB \d:\d\d reading seattle-weather\.csv$/.test(t)),
    ).toBe(true);
    expect(plain.drawn.some((t) => t.endsWith(" profiling seattle-weather.csv"))).toBe(true);
    expect(plain.shownBeforeOutput).toBe(clearLine);
    expect(plain.drawn.at(-1)).toBe(clearLine);
    expect(plain.out).toMatch(/^seattle_weather: 1461 rows/);

    const json = await run(["ingest", data("seattle-weather.csv"), "--json"]);
    expect(json.code, json.err).toBe(0);
    expect(json.drawn).toEqual([]);
    expect(JSON.parse(json.out).tables[0].rowCount).toBe(1461);

    const offTerminal = await run(["ingest", data("seattle-weather.csv")], false);
    expect(offTerminal.code).toBe(0);
    expect(offTerminal.out).toBe(plain.out);
  });

  it("quarry sql numbers the files it loads and clears the bar before the result", async () => {
    const args = [
      "sql",
      data("stocks.csv"),
      `w=${data("seattle-weather.csv")}`,
      "--sql",
      "SELECT count(*) AS n FROM w",
    ];
    const plain = await run(args);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.drawn.some((t) => t.endsWith(" reading stocks.csv (1/2)"))).toBe(true);
    expect(plain.drawn.some((t) => t.endsWith(" profiling seattle-weather.csv (2/2)"))).toBe(true);
    expect(plain.shownBeforeOutput).toBe(clearLine);
    expect(plain.out).toMatch(/^\s*n\n─+\n1461$/);

    const json = await run([...args, "--json"]);
    expect(json.drawn).toEqual([]);
    expect(JSON.parse(json.out).rows).toEqual([[1461]]);
  });

  it("quarry ask shows its files stored, then streams the answer with the bar gone", async () => {
    const args = [
      "ask",
      `weather=${data("seattle-weather.csv")}`,
      "How many rainy days were there?",
      "--model",
      "offline",
    ];
    const plain = await run(args);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.drawn.some((t) => t.endsWith(" reading seattle-weather.csv"))).toBe(true);
    expect(plain.drawn.some((t) => t.endsWith(" storing seattle-weather.csv"))).toBe(true);
    expect(plain.shownBeforeOutput).toBe(clearLine);
    expect(plain.out).toMatch(/641/);

    const json = await run([...args, "--json"]);
    expect(json.code, json.err).toBe(0);
    expect(json.drawn).toEqual([]);
    expect(JSON.parse(json.out).rows).toEqual([[641]]);
  });

  it("draws nothing in CI", async () => {
    process.env.CI = "true";
    const { code, drawn } = await run(["ingest", data("stocks.csv")]);
    expect(code).toBe(0);
    expect(drawn).toEqual([]);
  });
});
