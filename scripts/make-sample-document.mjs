#!/usr/bin/env node
/**
 * Writes the sample document `quarry serve --sample` puts beside the sample table:
 * packages/server-adapters/samples/seattle-weather-notes.pdf, three pages of notes about the Seattle weather
 * table (what its columns mean, how to read it), made with pdf-lib. The PDF is committed; run this again only
 * to change its text: `node scripts/make-sample-document.mjs`.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { PDFDocument, StandardFonts } from "pdf-lib";

const pages = [
  [
    "Seattle weather: notes on the sample table",
    "",
    "The table seattle_weather holds one row per day from 1 January 2012 to",
    "31 December 2015, 1,461 days in all, as published in the vega-datasets",
    "collection from NOAA's daily summaries for Seattle-Tacoma airport.",
    "",
    "These notes explain the columns and how the weather label was assigned,",
    "so questions about the data and about its meaning can both be answered.",
  ],
  [
    "Columns and units",
    "",
    "Precipitation is the day's rain and melted snow in millimetres.",
    "temp_max and temp_min are the day's highest and lowest temperatures",
    "in degrees Celsius. Wind is the average wind speed in metres per second.",
    "",
    "A day counts as wet in these notes when its precipitation is above zero.",
    "The table keeps no snow depth: snow appears only as melted water.",
  ],
  [
    "How the weather label was assigned",
    "",
    "The weather column is one of five labels: rain, sun, fog, drizzle and",
    "snow. The label is the day's dominant condition as reported by the",
    "observer, not a rule on the numbers: a rain day can have no measured",
    "precipitation at all (44 days in this table are labelled rain with 0 mm).",
    "",
    "Snow days are rare in Seattle: 26 in the four years, nearly all of them",
    "between December and March.",
  ],
];

const pdf = await PDFDocument.create();
pdf.setTitle("Seattle weather: notes on the sample table");
pdf.setCreator("Quarry");
// A fixed date keeps the committed file byte-identical across runs.
pdf.setCreationDate(new Date("2026-01-01T00:00:00Z"));
pdf.setModificationDate(new Date("2026-01-01T00:00:00Z"));
const font = await pdf.embedFont(StandardFonts.Helvetica);
for (const lines of pages) {
  const page = pdf.addPage([595, 842]);
  lines.forEach((line, i) => {
    page.drawText(line, { x: 56, y: 780 - i * 20, size: i === 0 ? 16 : 12, font });
  });
}
const out = fileURLToPath(
  new URL("../packages/server-adapters/samples/seattle-weather-notes.pdf", import.meta.url),
);
await writeFile(out, await pdf.save());
process.stdout.write(`wrote ${out}\n`);
