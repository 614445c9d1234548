/**
 * `@quarry/core/export`: query results as downloads — an Excel workbook with typed cells (through SheetJS,
 * the optional peer `@e965/xlsx`) and CSV (through PapaParse, a dependency). Both run in Node and in the
 * browser.
 * @packageDocumentation
 */
export { type CsvExportOptions, csvMediaType, exportCsv } from "./export/csv-export.js";
export { excelLimits, exportXlsx, type XlsxExportInput, xlsxMediaType } from "./export/excel-export.js";
