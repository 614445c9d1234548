import { type DataType, type Field, Precision, TimeUnit, Type } from "apache-arrow";

/**
 * DuckDB-only types DuckDB-WASM exports as Arrow extension types when `arrowLosslessConversion` is on:
 * `arrow.opaque` carries DuckDB's own type name in its metadata.
 */
export function duckDbExtensionOf(field: Field): string | undefined {
  const name = field.metadata.get("ARROW:extension:name");
  if (name === "arrow.uuid") return "uuid";
  if (name === "arrow.bool8") return "bool8";
  if (name !== "arrow.opaque") return undefined;
  try {
    const metadata = JSON.parse(field.metadata.get("ARROW:extension:metadata") ?? "{}") as { type_name?: unknown };
    return typeof metadata.type_name === "string" ? metadata.type_name : "opaque";
  } catch {
    return "opaque";
  }
}

const extensionTypeNames: Record<string, string> = {
  uuid: "UUID",
  bool8: "BOOLEAN",
  hugeint: "HUGEINT",
  uhugeint: "UHUGEINT",
  time_tz: "TIME WITH TIME ZONE",
  bit: "BIT",
  bignum: "BIGNUM",
};

/**
 * The DuckDB type name of a result column, printed as `@duckdb/node-api` prints it (`INTEGER`, `DECIMAL(18,3)`,
 * `TIMESTAMP WITH TIME ZONE`, `VARCHAR[]`, `STRUCT("a" INTEGER)`), so both engines describe results alike.
 * Enums arrive as dictionaries whose values only the data knows, so they read as `VARCHAR`.
 */
export function duckDbTypeName(field: Field): string {
  const extension = duckDbExtensionOf(field);
  if (extension !== undefined) return extensionTypeNames[extension] ?? extension.toUpperCase();
  return typeName(field.type);
}

function typeName(dataType: DataType): string {
  // Arrow JS types carry their parameters (bitWidth, unit, ...) on the subclasses the typeId selects.
  const type = dataType as DataType & Record<string, unknown>;
  switch (type.typeId) {
    case Type.Null:
      return "NULL";
    case Type.Int:
      return intName(type.bitWidth as number, type.isSigned as boolean);
    case Type.Float:
      return type.precision === Precision.DOUBLE ? "DOUBLE" : "FLOAT";
    case Type.Bool:
      return "BOOLEAN";
    case Type.Decimal:
      return `DECIMAL(${Number(type.precision)},${Number(type.scale)})`;
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Dictionary:
      return "VARCHAR";
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
      return "BLOB";
    case Type.Date:
      return "DATE";
    case Type.Timestamp:
      return timestampName(type.unit as TimeUnit, type.timezone as string | null);
    case Type.Time:
      return "TIME";
    case Type.Interval:
    case Type.Duration:
      return "INTERVAL";
    case Type.List:
      return `${childName(type, 0)}[]`;
    case Type.FixedSizeList:
      return `${childName(type, 0)}[${Number(type.listSize)}]`;
    case Type.Struct:
      return `STRUCT(${type.children.map((f: Field) => `${quoted(f.name)} ${duckDbTypeName(f)}`).join(", ")})`;
    case Type.Map: {
      const entries = (type.children[0]?.type.children ?? []) as Field[];
      return `MAP(${entries[0] ? duckDbTypeName(entries[0]) : "NULL"}, ${entries[1] ? duckDbTypeName(entries[1]) : "NULL"})`;
    }
    case Type.Union:
      return `UNION(${type.children.map((f: Field) => `${quoted(f.name)} ${duckDbTypeName(f)}`).join(", ")})`;
    default:
      return String(type).toUpperCase();
  }
}

function intName(bits: number, signed: boolean): string {
  const names: Record<number, [string, string]> = {
    8: ["TINYINT", "UTINYINT"],
    16: ["SMALLINT", "USMALLINT"],
    32: ["INTEGER", "UINTEGER"],
    64: ["BIGINT", "UBIGINT"],
  };
  const pair = names[bits] ?? ["BIGINT", "UBIGINT"];
  return signed ? pair[0] : pair[1];
}

function timestampName(unit: TimeUnit, timezone: string | null): string {
  if (timezone) return "TIMESTAMP WITH TIME ZONE";
  if (unit === TimeUnit.SECOND) return "TIMESTAMP_S";
  if (unit === TimeUnit.MILLISECOND) return "TIMESTAMP_MS";
  if (unit === TimeUnit.NANOSECOND) return "TIMESTAMP_NS";
  return "TIMESTAMP";
}

function childName(type: DataType, index: number): string {
  const child = type.children[index] as Field | undefined;
  return child ? duckDbTypeName(child) : "NULL";
}

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
