import {
  type Data,
  type DataType,
  type Dictionary,
  Field,
  IntervalUnit,
  TimeUnit,
  Type,
  UnionMode,
} from "apache-arrow";
import type { Json } from "../../model/common.js";
import {
  bigintToJson,
  bytesToBase64,
  daysToIsoDate,
  floatToJson,
  microsToIsoTime,
  microsToIsoTimestamp,
} from "../json-values.js";
import { duckDbExtensionOf } from "./arrow-types.js";
import { bitString, intervalString, timeTzString, uuidString } from "./duckdb-text.js";

/** Reads the cell at `index` (relative to `data`; its offset is applied here) as JSON, or null. */
export type CellReader = (data: Data, index: number) => Json;

/**
 * The JSON reader of an Arrow column DuckDB-WASM produced, giving exactly what the native engine gives for
 * the same DuckDB value (see `duckDbValueToJson`): it reads Arrow's buffers directly, because Arrow JS's
 * own getters turn 64-bit timestamps into float milliseconds and lose microseconds.
 */
export function cellReader(field: Field): CellReader {
  const read = valueReader(field);
  return (data, index) => (data.getValid(index) ? read(data, index) : null);
}

function valueReader(field: Field): CellReader {
  const extension = duckDbExtensionOf(field);
  if (extension !== undefined) return extensionReader(extension);
  const type = field.type as DataType & Record<string, unknown>;
  switch (type.typeId) {
    case Type.Null:
      return () => null;
    case Type.Int:
      return type.bitWidth === 64
        ? (d, i) => bigintToJson(BigInt(at(d, i)))
        : (d, i) => Number(at(d, i));
    case Type.Float:
      return (d, i) => floatToJson(Number(at(d, i)));
    case Type.Bool:
      return (d, i) => bit(d, i);
    case Type.Decimal: {
      const divisor = 10 ** Number(type.scale);
      const words = Number(type.bitWidth) / 32;
      return (d, i) => Number(littleEndianInt(wordsAt(d, i, words))) / divisor;
    }
    case Type.Utf8:
    case Type.LargeUtf8:
      return (d, i) => utf8.decode(bytesAt(d, i));
    case Type.Binary:
    case Type.LargeBinary:
      return (d, i) => bytesToBase64(bytesAt(d, i));
    case Type.FixedSizeBinary:
      return (d, i) => bytesToBase64(fixedBytesAt(d, i, Number(type.byteWidth)));
    case Type.Date:
      return type.unit === 0
        ? (d, i) => daysToIsoDate(Number(at(d, i)))
        : (d, i) => new Date(Number(at(d, i))).toISOString().slice(0, 10);
    case Type.Timestamp: {
      const toMicros = microsOf(type.unit as TimeUnit);
      const instant = Boolean(type.timezone);
      return (d, i) => microsToIsoTimestamp(toMicros(BigInt(at(d, i))), instant);
    }
    case Type.Time: {
      const toMicros = microsOf(type.unit as TimeUnit);
      return (d, i) => microsToIsoTime(toMicros(BigInt(at(d, i))));
    }
    case Type.Interval:
      return type.unit === IntervalUnit.MONTH_DAY_NANO ? monthDayNano : () => null;
    case Type.List:
    case Type.FixedSizeList:
      return listReader(field);
    case Type.Struct:
      return structReader(type.children as Field[]);
    case Type.Map:
      return mapReader(field);
    case Type.Dictionary:
      return dictionaryReader(field);
    case Type.Union:
      return unionReader(field);
    default:
      return () => null;
  }
}

function extensionReader(extension: string): CellReader {
  switch (extension) {
    case "bool8":
      // DuckDB-WASM 1.32 labels booleans `arrow.bool8` (a byte each) but still writes Arrow's packed bits.
      return (d, i) => bit(d, i);
    case "hugeint":
      return (d, i) => bigintToJson(BigInt.asIntN(128, littleEndianUint(fixedBytesAt(d, i, 16))));
    case "uhugeint":
      return (d, i) => bigintToJson(littleEndianUint(fixedBytesAt(d, i, 16)));
    case "uuid":
      return (d, i) => uuidString(fixedBytesAt(d, i, 16));
    case "time_tz":
      return (d, i) => timeTzString(littleEndianUint(fixedBytesAt(d, i, 8)));
    case "bit":
      return (d, i) => bitString(bytesAt(d, i));
    default:
      // BIGNUM and any newer opaque type: kept as bytes, which JSON can carry.
      return (d, i) => bytesToBase64(bytesAt(d, i));
  }
}

function listReader(field: Field): CellReader {
  const child = field.type.children[0] as Field;
  const read = cellReader(child);
  const fixed = field.type.typeId === Type.FixedSizeList ? Number(field.type.listSize) : undefined;
  return (d, i) => {
    const [start, end] = fixed === undefined ? offsetsAt(d, i) : [(d.offset + i) * fixed, (d.offset + i + 1) * fixed];
    const items = d.children[0] as Data;
    const out: Json[] = [];
    for (let k = start; k < end; k++) out.push(read(items, k));
    return out;
  };
}

function structReader(fields: readonly Field[]): CellReader {
  const readers = fields.map((f) => [f.name, cellReader(f)] as const);
  return (d, i) =>
    // Arrow JS slices a struct's children along with it, so a child is read at the same relative index.
    Object.fromEntries(readers.map(([name, read], k) => [name, read(d.children[k] as Data, i)]));
}

/** Maps become objects keyed by the key's JSON text, as the native engine gives them. */
function mapReader(field: Field): CellReader {
  const entries = field.type.children[0] as Field;
  const [keyField, valueField] = entries.type.children as Field[];
  if (!keyField || !valueField) return () => ({});
  const readKey = cellReader(keyField);
  const readValue = cellReader(valueField);
  return (d, i) => {
    const [start, end] = offsetsAt(d, i);
    const struct = d.children[0] as Data;
    const out: Record<string, Json> = {};
    for (let k = start; k < end; k++) {
      out[String(readKey(struct.children[0] as Data, k))] = readValue(struct.children[1] as Data, k);
    }
    return out;
  };
}

/** Enums arrive as dictionaries of strings; a cell reads as its dictionary entry. */
function dictionaryReader(field: Field): CellReader {
  const read = cellReader(new Field(field.name, (field.type as Dictionary).dictionary, true));
  return (d, i) => {
    const dictionary = d.dictionary?.data[0];
    return dictionary ? read(dictionary, Number(at(d, i))) : null;
  };
}

/** A union reads as its member's value, as in the native engine. */
function unionReader(field: Field): CellReader {
  const members = (field.type.children as Field[]).map(cellReader);
  const typeIds = field.type.typeIds as Int32Array;
  const dense = field.type.mode === UnionMode.Dense;
  return (d, i) => {
    const position = d.offset + i;
    const child = typeIds.indexOf(Number(d.typeIds[position]));
    const offset = dense ? Number(d.valueOffsets[position]) : i;
    const read = members[child];
    return read ? read(d.children[child] as Data, offset) : null;
  };
}

function monthDayNano(d: Data, i: number): Json {
  const values = d.values as Int32Array;
  const base = (d.offset + i) * 4;
  const nanos = (BigInt(values[base + 3] ?? 0) << 32n) | BigInt((values[base + 2] ?? 0) >>> 0);
  return intervalString(values[base] ?? 0, values[base + 1] ?? 0, nanos / 1000n);
}

function microsOf(unit: TimeUnit): (value: bigint) => bigint {
  if (unit === TimeUnit.SECOND) return (v) => v * 1_000_000n;
  if (unit === TimeUnit.MILLISECOND) return (v) => v * 1000n;
  // Truncated toward zero, as the native engine converts nanoseconds.
  if (unit === TimeUnit.NANOSECOND) return (v) => v / 1000n;
  return (v) => v;
}

const utf8 = new TextDecoder();

function at(d: Data, i: number): number | bigint {
  return (d.values as ArrayLike<number | bigint>)[d.offset + i] ?? 0;
}

function bit(d: Data, i: number): boolean {
  const position = d.offset + i;
  return (((d.values as Uint8Array)[position >> 3] ?? 0) & (1 << (position & 7))) !== 0;
}

function offsetsAt(d: Data, i: number): [number, number] {
  const offsets = d.valueOffsets as ArrayLike<number | bigint>;
  return [Number(offsets[d.offset + i] ?? 0), Number(offsets[d.offset + i + 1] ?? 0)];
}

function bytesAt(d: Data, i: number): Uint8Array {
  const [start, end] = offsetsAt(d, i);
  return (d.values as Uint8Array).subarray(start, end);
}

function fixedBytesAt(d: Data, i: number, width: number): Uint8Array {
  const start = (d.offset + i) * width;
  return (d.values as Uint8Array).subarray(start, start + width);
}

function wordsAt(d: Data, i: number, words: number): Uint32Array {
  const start = (d.offset + i) * words;
  return (d.values as Uint32Array).subarray(start, start + words);
}

function littleEndianUint(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let k = bytes.length - 1; k >= 0; k--) value = (value << 8n) | BigInt(bytes[k] ?? 0);
  return value;
}

function littleEndianInt(words: Uint32Array): bigint {
  let value = 0n;
  for (let k = words.length - 1; k >= 0; k--) value = (value << 32n) | BigInt(words[k] ?? 0);
  return BigInt.asIntN(words.length * 32, value);
}
