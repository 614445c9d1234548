import { z } from "zod";

/** Limits shared by every record schema; oversized input is rejected before anything is written. */
export const limits = {
  idLength: 128,
  titleLength: 200,
  nameLength: 256,
  textLength: 200_000,
  metadataBytes: 16_384,
  partsPerMessage: 64,
  tableRows: 10_000,
} as const;

/** A record id: opaque, URL-safe, at most 128 characters. */
export const IdSchema = z
  .string()
  .min(1)
  .max(limits.idLength)
  .regex(/^[A-Za-z0-9_.:-]+$/, "ids contain only letters, digits and _ . : -");

/** An ISO-8601 timestamp in UTC with milliseconds, as produced by `Date.prototype.toISOString`. */
export const TimestampSchema = z.iso.datetime({ offset: false, precision: 3 });

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A JSON value (recursive). */
export const JsonSchema: z.ZodType<Json> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonSchema),
    z.record(z.string(), JsonSchema),
  ]),
);

/** Free-form metadata a host app attaches to a record: a JSON object of at most 16 KiB. */
export const MetadataSchema = z
  .record(z.string(), JsonSchema)
  .refine((value) => JSON.stringify(value).length <= limits.metadataBytes, {
    message: `metadata is larger than ${limits.metadataBytes} bytes`,
  });

/** Free-form metadata. */
export type Metadata = z.infer<typeof MetadataSchema>;

/** A principal's tenant and user ids, checked as ids but allowed to be any printable string. */
export const PrincipalIdSchema = z
  .string()
  .min(1)
  .max(limits.nameLength)
  .refine((value) => !hasControlCharacter(value), "no control characters");

/** True when the text holds an ASCII control character (which ids shown in logs and headers must not). */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
