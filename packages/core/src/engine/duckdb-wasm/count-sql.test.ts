import { expect, it } from "vitest";
import * as native from "../duckdb/capped-query.js";
import * as wasm from "./count-sql.js";

it("stays the same as the native engine's count statement and its proof", () => {
  expect(wasm.countSqlOf.toString()).toBe(native.countSqlOf.toString());
  expect(wasm.isCountOf.toString()).toBe(native.isCountOf.toString());
  expect(wasm.countSqlOf("SELECT 1; -- x")).toBe(native.countSqlOf("SELECT 1; -- x"));
});
