import { afterEach, describe, expect, it, vi } from "vitest";
import { createProgressBar, formatBytes, progressLine, showIngestProgress } from "./progress-bar.js";

const clearLine = "\r\x1b[2K";

/** A bar on a fake terminal with a clock the test moves. */
function terminalBar(options: { env?: Record<string, string>; enabled?: boolean } = {}) {
  const drawn: string[] = [];
  let time = 1_000_000;
  const bar = createProgressBar(
    { stdout: () => {}, stderr: () => {}, progress: (text) => drawn.push(text) },
    { env: options.env ?? {}, now: () => time, ...options },
  );
  return {
    bar,
    drawn,
    advance(ms: number) {
      time += ms;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("progressLine", () => {
  it("shows a bar, the percentage, counts, the elapsed time and the label", () => {
    expect(progressLine({ label: "weather-05", done: 1, total: 3 }, 2_400)).toBe(
      `[${"█".repeat(8)}${"░".repeat(16)}]  33% 1/3 0:02 weather-05`,
    );
    expect(progressLine({ label: "done", done: 3, total: 3 }, 61_000)).toBe(
      `[${"█".repeat(24)}] 100% 3/3 1:01 done`,
    );
  });

  it("shows bytes, and no bar or percentage without a total", () => {
    expect(
      progressLine({ label: "reading big.csv", done: 12_345_678, total: 48_700_000, unit: "bytes" }, 3_000),
    ).toBe(`[${"█".repeat(6)}${"░".repeat(18)}]  25% 12.3 MB/48.7 MB 0:03 reading big.csv`);
    expect(progressLine({ label: "reading upload.csv", done: 812, unit: "bytes" }, 0)).toBe(
      "812 B 0:00 reading upload.csv",
    );
    expect(progressLine({ label: "profiling big.csv" }, 3_723_000)).toBe("1:02:03 profiling big.csv");
  });

  it("cuts a long label", () => {
    const line = progressLine({ label: "x".repeat(60) }, 0);
    expect(line).toBe(`0:00 ${"x".repeat(39)}…`);
  });

  it("formats bytes in decimal units", () => {
    expect([999, 1_000, 999_949, 999_950, 2_100_000_000].map(formatBytes)).toEqual([
      "999 B",
      "1.0 kB",
      "999.9 kB",
      "1.0 MB",
      "2.1 GB",
    ]);
  });
});

describe("createProgressBar", () => {
  it("redraws in place, throttled unless the label changes or the work completes, and clears", () => {
    const { bar, drawn, advance } = terminalBar();
    bar.update({ label: "reading a.csv", done: 0, total: 1_000, unit: "bytes" });
    advance(50);
    bar.update({ label: "reading a.csv", done: 300, total: 1_000, unit: "bytes" });
    advance(60);
    bar.update({ label: "reading a.csv", done: 600, total: 1_000, unit: "bytes" });
    advance(10);
    bar.update({ label: "reading a.csv", done: 1_000, total: 1_000, unit: "bytes" });
    bar.update({ label: "profiling a.csv" });
    bar.clear();
    expect(drawn).toEqual([
      `${clearLine}[${"░".repeat(24)}]   0% 0 B/1.0 kB 0:00 reading a.csv`,
      `${clearLine}[${"█".repeat(14)}${"░".repeat(10)}]  60% 600 B/1.0 kB 0:00 reading a.csv`,
      `${clearLine}[${"█".repeat(24)}] 100% 1.0 kB/1.0 kB 0:00 reading a.csv`,
      `${clearLine}0:00 profiling a.csv`,
      clearLine,
    ]);
    bar.clear();
    expect(drawn).toHaveLength(5);
  });

  it("keeps the elapsed time moving while nothing reports, until cleared", () => {
    vi.useFakeTimers();
    const { bar, drawn, advance } = terminalBar();
    bar.update({ label: "profiling a.csv" });
    advance(1_000);
    vi.advanceTimersByTime(1_000);
    advance(1_000);
    vi.advanceTimersByTime(1_000);
    expect(drawn).toEqual([
      `${clearLine}0:00 profiling a.csv`,
      `${clearLine}0:01 profiling a.csv`,
      `${clearLine}0:02 profiling a.csv`,
    ]);
    bar.clear();
    vi.advanceTimersByTime(5_000);
    expect(drawn.at(-1)).toBe(clearLine);
    expect(drawn).toHaveLength(4);
  });

  it("draws nothing off a terminal, in CI or when disabled", () => {
    const states = [{ label: "a", done: 1, total: 2 }];
    const offTerminal = createProgressBar({ stdout: () => {}, stderr: () => {} }, { env: {} });
    for (const s of states) offTerminal.update(s);
    offTerminal.clear();
    for (const options of [{ env: { CI: "true" } }, { env: { CI: "1" } }, { enabled: false }]) {
      const { bar, drawn } = terminalBar(options);
      bar.update(states[0]!);
      bar.clear();
      expect(drawn, JSON.stringify(options)).toEqual([]);
    }
    for (const ci of ["false", "0", ""]) {
      const { bar, drawn } = terminalBar({ env: { CI: ci } });
      bar.update(states[0]!);
      expect(drawn, `CI=${ci}`).toHaveLength(1);
      bar.clear();
    }
  });

  it("shows a file's ingest stages with their bytes, and asks for no progress when it draws nothing", () => {
    const off = createProgressBar({ stdout: () => {}, stderr: () => {} }, { env: {} });
    expect(off.active).toBe(false);
    expect(showIngestProgress(off, "big.csv")).toBeUndefined();
    const { bar, drawn } = terminalBar();
    expect(bar.active).toBe(true);
    const show = showIngestProgress(bar, "big.csv")!;
    show({ stage: "reading", bytes: 0, totalBytes: 2_000 });
    show({ stage: "profiling" });
    show({ stage: "writing", bytes: 500, totalBytes: 500 });
    bar.clear();
    expect(drawn.slice(0, 3)).toEqual([
      `${clearLine}[${"░".repeat(24)}]   0% 0 B/2.0 kB 0:00 reading big.csv`,
      `${clearLine}0:00 profiling big.csv`,
      `${clearLine}[${"█".repeat(24)}] 100% 500 B/500 B 0:00 storing big.csv`,
    ]);
  });
});
