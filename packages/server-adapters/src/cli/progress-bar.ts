import { basename } from "node:path";
import type { IngestProgress } from "@quarry/core/ingest";
import type { CliIO } from "./run-cli.js";

/** What the progress line shows. */
export interface ProgressState {
  /** What is being done, e.g. a case id or `reading sales.csv`. */
  label: string;
  /** How much is done: a count, or bytes with `unit: "bytes"`. */
  done?: number;
  /** How much there is in all; without it the line has no bar and no percentage. */
  total?: number;
  unit?: "count" | "bytes";
}

/** A progress line on stderr, redrawn in place. */
export interface ProgressBar {
  /** False when nothing will be drawn, so callers can skip measuring progress at all. */
  readonly active: boolean;
  /** Shows the state; redraws at most every 100 ms, except when the label changes or the work is complete. */
  update(state: ProgressState): void;
  /** Removes the line, as must be done before anything else is printed, and stops its clock. */
  clear(): void;
}

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  /** False keeps the bar off whatever the terminal, as when `--json` output goes to stdout. Default true. */
  enabled?: boolean;
  /** Where `CI` is read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The clock, in milliseconds. Default `Date.now`. */
  now?: () => number;
}

const clearLine = "\r\x1b[2K";
const barWidth = 24;
const labelWidth = 40;
/** Bytes arrive far more often than a terminal needs redrawing. */
const minRedrawMs = 100;
/** How often the elapsed time moves on while nothing reports, e.g. through a long profile. */
const tickMs = 1_000;

/**
 * A progress line (bar, percentage, counts or bytes, elapsed time, label) drawn through `io.progress`, which
 * exists only when stderr is a terminal. A no-op without it, in CI (`CI` set and not `false`/`0`), where it
 * would only be noise in logs, and when `enabled` is false.
 */
export function createProgressBar(io: CliIO, options: ProgressBarOptions = {}): ProgressBar {
  const write = io.progress;
  if (!write || options.enabled === false || isCi(options.env ?? process.env)) {
    return { active: false, update() {}, clear() {} };
  }
  const now = options.now ?? Date.now;
  const started = now();
  let state: ProgressState | undefined;
  let drawn: { at: number; label: string } | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  const draw = () => {
    if (!state) return;
    write(clearLine + progressLine(state, now() - started));
    drawn = { at: now(), label: state.label };
  };
  return {
    active: true,
    update(next) {
      state = next;
      const complete = next.total !== undefined && (next.done ?? 0) >= next.total;
      if (!drawn || drawn.label !== next.label || complete || now() - drawn.at >= minRedrawMs) draw();
      if (!ticker) {
        ticker = setInterval(draw, tickMs);
        // A forgotten bar must not keep the process alive.
        ticker.unref?.();
      }
    },
    clear() {
      clearInterval(ticker);
      ticker = undefined;
      state = undefined;
      if (drawn) write(clearLine);
      drawn = undefined;
    },
  };
}

/**
 * A listener that shows the ingest of the file at `path` on the bar: the bytes read, then profiling, then
 * (for datasets) the bytes stored; `of` numbers the file among several. Undefined when the bar draws nothing,
 * so the ingest does not measure its progress in vain.
 */
export function showIngestProgress(
  bar: ProgressBar,
  path: string,
  of?: { index: number; count: number },
): ((progress: IngestProgress) => void) | undefined {
  if (!bar.active) return undefined;
  const file = `${basename(path)}${of && of.count > 1 ? ` (${of.index + 1}/${of.count})` : ""}`;
  return ({ stage, bytes, totalBytes }) =>
    bar.update({
      label: `${stage === "writing" ? "storing" : stage} ${file}`,
      ...(bytes === undefined ? {} : { done: bytes, unit: "bytes" as const }),
      ...(totalBytes === undefined ? {} : { total: totalBytes }),
    });
}

/** `[████████░░░░░░░░░░░░░░░░]  33% 1/3 0:02 weather-05`; without a total, no bar and no percentage. */
export function progressLine(state: ProgressState, elapsedMs: number): string {
  const { done, total, unit } = state;
  const amount = (n: number) => (unit === "bytes" ? formatBytes(n) : String(n));
  const parts: string[] = [];
  if (total !== undefined) {
    const share = total === 0 ? 1 : Math.min(Math.max((done ?? 0) / total, 0), 1);
    const filled = Math.round(share * barWidth);
    parts.push(
      `[${"█".repeat(filled)}${"░".repeat(barWidth - filled)}]`,
      `${Math.floor(share * 100)}%`.padStart(4),
    );
  }
  if (done !== undefined) parts.push(total === undefined ? amount(done) : `${amount(done)}/${amount(total)}`);
  const label = state.label.length > labelWidth ? `${state.label.slice(0, labelWidth - 1)}…` : state.label;
  parts.push(formatElapsed(elapsedMs), label);
  return parts.join(" ");
}

/** `812 B`, `12.3 kB`, `48.7 MB`, `2.1 GB` (decimal units, as file sizes are shown by most tools). */
export function formatBytes(bytes: number): string {
  if (bytes < 1_000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1_000;
  let unit = 0;
  while (value >= 999.95 && unit < units.length - 1) {
    value /= 1_000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** `0:07`, `12:41`, `1:02:03`. */
function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  const two = (n: number) => String(n).padStart(2, "0");
  const [h, m, s] = [Math.floor(seconds / 3_600), Math.floor(seconds / 60) % 60, seconds % 60];
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}
