/**
 * A small benchmark kit: timings, percentiles and a Markdown report. Benchmarks report ratios against a
 * baseline measured in the same run, because absolute times on a shared 2-core machine are noisy.
 */

/** One benchmark's findings, rendered as a section of bench/REPORT.md. */
export interface BenchSection {
  title: string;
  /** The command that reproduces the section. */
  command: string;
  /** Markdown table rows; the first row is the header. */
  table: string[][];
  notes?: string[];
}

/** Runs `fn` `iterations` times (after `warmup` runs) and returns the duration of each run in ms. */
export async function timeRuns(
  fn: () => Promise<unknown>,
  iterations: number,
  warmup = 1,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** The p-th percentile (0–100) of the values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Milliseconds with sensible precision. */
export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A ratio like `3.2×`. */
export function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}×`;
}

/** Resident set size now, in MiB. */
export function rssMiB(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** A section as Markdown. */
export function renderSection(section: BenchSection): string {
  const [header, ...rows] = section.table;
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    `## ${section.title}`,
    "",
    `\`${section.command}\``,
    "",
    line(header ?? []),
    line((header ?? []).map(() => "---")),
    ...rows.map(line),
    ...(section.notes?.length ? ["", ...section.notes.map((n) => `- ${n}`)] : []),
    "",
  ].join("\n");
}

/** Prints a section when a bench file is run on its own. */
export function printSection(section: BenchSection): void {
  process.stdout.write(`${renderSection(section)}\n`);
}
