import {
  Binary,
  Bool,
  type Data,
  type DataType,
  DateDay,
  Decimal,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeData,
  TimeMicrosecond,
  TimestampMicrosecond,
  TimestampNanosecond,
  Uint8,
  Uint16,
  Uint32,
  Uint64,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import type { SchemaElement } from "hyparquet";

/** How one flat Parquet column becomes an Arrow column that DuckDB types as its Parquet reader would. */
export interface ColumnPlan {
  field: Field;
  /** Values as hyparquet decodes them with {@link rawParsers} and decimal annotations removed. */
  build(values: ArrayLike<unknown>): Data;
}

/**
 * hyparquet's value parsers, made to keep raw numbers: dates as days and timestamps as integers in their
 * unit, so nothing is rounded through a JS `Date` (which holds milliseconds only).
 */
export const rawParsers = {
  dateFromDays: (days: number) => days,
  timestampFromMilliseconds: (value: bigint) => value,
  timestampFromMicroseconds: (value: bigint) => value,
  timestampFromNanoseconds: (value: bigint) => value,
  jsonFromBytes: (bytes: Uint8Array) => (bytes ? new TextDecoder().decode(bytes) : bytes),
  geometryFromBytes: (bytes: Uint8Array) => bytes,
  geographyFromBytes: (bytes: Uint8Array) => bytes,
};

/** True when the column is a decimal, which hyparquet would turn into a lossy float. */
export function isDecimal(element: SchemaElement): boolean {
  return element.converted_type === "DECIMAL" || element.logical_type?.type === "DECIMAL";
}

/**
 * Plans a column, mirroring DuckDB's Parquet type mapping: INT_8 → TINYINT, UINT_64 → UBIGINT, DATE → DATE,
 * TIMESTAMP (millis or micros) → TIMESTAMP or, when adjusted to UTC, TIMESTAMP WITH TIME ZONE, nanos →
 * TIMESTAMP_NS, DECIMAL(p,s) → DECIMAL(p,s), UTF8/ENUM/JSON → VARCHAR, other byte arrays → BLOB. UUIDs become
 * VARCHAR (DuckDB says UUID; both read as strings).
 */
export function planColumn(element: SchemaElement): ColumnPlan {
  const { name } = element;
  const ctype = element.converted_type;
  const ltype = element.logical_type;
  if (isDecimal(element)) return decimalPlan(name, element.precision ?? 38, element.scale ?? 0);
  switch (element.type) {
    case "BOOLEAN":
      return viaBuilder(name, new Bool());
    case "INT32":
      if (ctype === "DATE" || ltype?.type === "DATE") return fixedPlan(name, new DateDay(), Int32Array, Number);
      if (ctype === "TIME_MILLIS") {
        return fixedPlan(name, new TimeMicrosecond(), BigInt64Array, (v) => BigInt(v as number) * 1000n);
      }
      return viaBuilder(name, int32Type(element));
    case "INT64":
      return int64Plan(element);
    case "INT96":
      return fixedPlan(name, new TimestampMicrosecond(), BigInt64Array, (v) => floorDiv(v as bigint, 1000n));
    case "FLOAT":
      return viaBuilder(name, new Float32());
    case "DOUBLE":
      return viaBuilder(name, new Float64());
    case "FIXED_LEN_BYTE_ARRAY":
      if (ltype?.type === "UUID") return viaBuilder(name, new Utf8());
      if (ltype?.type === "FLOAT16") return viaBuilder(name, new Float32());
      return viaBuilder(name, new Binary());
    default: {
      const text =
        ctype === "UTF8" || ctype === "ENUM" || ctype === "JSON" || ["STRING", "ENUM", "JSON"].includes(ltype?.type ?? "");
      if (!text) return viaBuilder(name, new Binary());
      // Enum values arrive as bytes: hyparquet decodes only UTF8-annotated byte arrays as text.
      const decoder = new TextDecoder();
      return mappedBuilder(name, new Utf8(), (v) => (v instanceof Uint8Array ? decoder.decode(v) : v));
    }
  }
}

function int32Type(element: SchemaElement): DataType {
  const ltype = element.logical_type;
  const bits = ltype?.type === "INTEGER" ? ltype.bitWidth : undefined;
  const signed = ltype?.type === "INTEGER" ? ltype.isSigned : true;
  const ctype = element.converted_type;
  if (ctype === "INT_8" || (bits === 8 && signed)) return new Int8();
  if (ctype === "INT_16" || (bits === 16 && signed)) return new Int16();
  if (ctype === "UINT_8" || (bits === 8 && !signed)) return new Uint8();
  if (ctype === "UINT_16" || (bits === 16 && !signed)) return new Uint16();
  if (ctype === "UINT_32" || (bits === 32 && !signed)) return new Uint32();
  return new Int32();
}

function int64Plan(element: SchemaElement): ColumnPlan {
  const { name } = element;
  const ctype = element.converted_type;
  const ltype = element.logical_type;
  const unit =
    ltype?.type === "TIMESTAMP" || ltype?.type === "TIME"
      ? ltype.unit
      : ctype === "TIMESTAMP_MILLIS"
        ? "MILLIS"
        : ctype === "TIMESTAMP_MICROS" || ctype === "TIME_MICROS"
          ? "MICROS"
          : undefined;
  const toMicros = (v: unknown) =>
    unit === "MILLIS" ? (v as bigint) * 1000n : unit === "NANOS" ? floorDiv(v as bigint, 1000n) : (v as bigint);
  if (ltype?.type === "TIME" || ctype === "TIME_MICROS") {
    return fixedPlan(name, new TimeMicrosecond(), BigInt64Array, toMicros);
  }
  if (unit !== undefined) {
    const zone = ltype?.type === "TIMESTAMP" && ltype.isAdjustedToUTC ? "UTC" : null;
    if (unit === "NANOS" && zone === null) {
      return fixedPlan(name, new TimestampNanosecond(), BigInt64Array, (v) => v as bigint);
    }
    return fixedPlan(name, new TimestampMicrosecond(zone), BigInt64Array, toMicros);
  }
  const unsigned = ctype === "UINT_64" || (ltype?.type === "INTEGER" && !ltype.isSigned);
  return viaBuilder(name, unsigned ? new Uint64() : new Int64());
}

/** Decimals are rebuilt from their unscaled integers (INT32, INT64 or big-endian bytes), exactly. */
function decimalPlan(name: string, precision: number, scale: number): ColumnPlan {
  const type = new Decimal(scale, precision, 128);
  return {
    field: new Field(name, type, true),
    build(values) {
      const { nullBitmap, nullCount } = validity(values);
      const words = new Uint32Array(values.length * 4);
      for (let row = 0; row < values.length; row++) {
        const value = values[row];
        if (value === null || value === undefined) continue;
        let unscaled = unscaledOf(value);
        for (let word = 0; word < 4; word++) {
          words[row * 4 + word] = Number(BigInt.asUintN(32, unscaled));
          unscaled >>= 32n;
        }
      }
      return makeData({ type, length: values.length, nullCount, nullBitmap, data: words });
    },
  };
}

function unscaledOf(value: unknown): bigint {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return BigInt(value);
  const bytes = value as Uint8Array;
  let result = 0n;
  for (const byte of bytes) result = (result << 8n) | BigInt(byte);
  return BigInt.asIntN(bytes.length * 8, result);
}

type FixedArray = Int32Array | BigInt64Array;

/** A fixed-width column written straight into its value buffer, so 64-bit values stay exact. */
function fixedPlan<T extends DateDay | TimeMicrosecond | TimestampMicrosecond | TimestampNanosecond>(
  name: string,
  type: T,
  ArrayType: new (length: number) => FixedArray,
  convert: (value: unknown) => number | bigint,
): ColumnPlan {
  return {
    field: new Field(name, type, true),
    build(values) {
      const { nullBitmap, nullCount } = validity(values);
      const data = new ArrayType(values.length);
      for (let row = 0; row < values.length; row++) {
        const value = values[row];
        if (value !== null && value !== undefined) data[row] = convert(value) as never;
      }
      // makeData's overloads are per type; the union of fixed-width types needs one cast.
      return makeData({ type, length: values.length, nullCount, nullBitmap, data } as never) as Data;
    },
  };
}

function viaBuilder(name: string, type: DataType): ColumnPlan {
  return mappedBuilder(name, type, (value) => value);
}

function mappedBuilder(name: string, type: DataType, map: (value: unknown) => unknown): ColumnPlan {
  return {
    field: new Field(name, type, true),
    build(values) {
      const plain = Array.from(values, (value) => (value === undefined || value === null ? null : map(value)));
      const vector = vectorFromArray(plain, type);
      const data = vector.data[0];
      if (!data) throw new Error(`no data built for column ${name}`);
      return data;
    },
  };
}

/** Arrow's validity bitmap (bit set = value present) and the null count. */
function validity(values: ArrayLike<unknown>): { nullBitmap: Uint8Array; nullCount: number } {
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  for (let row = 0; row < values.length; row++) {
    const value = values[row];
    if (value === null || value === undefined) nullCount++;
    else nullBitmap[row >> 3] = (nullBitmap[row >> 3] ?? 0) | (1 << (row & 7));
  }
  return { nullBitmap, nullCount };
}

/** Division rounding toward negative infinity, as DuckDB truncates sub-microsecond parts of instants. */
function floorDiv(value: bigint, by: bigint): bigint {
  const quotient = value / by;
  return value % by !== 0n && value < 0n ? quotient - 1n : quotient;
}
