import { readFile } from "node:fs/promises";
import { type Principal, PrincipalSchema } from "@quarry/core";
import { z } from "zod";
import { usageError } from "./usage-error.js";

/** Shorter keys are refused as too easy to guess. */
const minKeyLength = 16;

/** An `--api-keys` file: bearer keys mapped to the principal each one acts as. */
export const ApiKeysSchema = z.record(z.string(), PrincipalSchema).superRefine((keys, context) => {
  const names = Object.keys(keys);
  if (names.length === 0) context.addIssue({ code: "custom", message: "the file names no key" });
  for (const key of names.filter((name) => name.length < minKeyLength)) {
    // Short keys are guessable; the message shows only the key's start, in case the file is shared.
    context.addIssue({
      code: "custom",
      message: `a key must be at least ${minKeyLength} characters; "${key.slice(0, 3)}…" is ${key.length}`,
    });
  }
});

/** Reads and checks an `--api-keys` file; anything wrong with it is a usage error naming the file. */
export async function loadApiKeys(path: string): Promise<Record<string, Principal>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error);
    throw usageError(`Cannot read --api-keys ${path}: ${reason}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError(`--api-keys ${path} is not valid JSON.`);
  }
  const parsed = ApiKeysSchema.safeParse(value);
  if (!parsed.success) {
    throw usageError(
      `--api-keys ${path} must map keys to principals, {"KEY": {"userId": "…", "tenantId": "…"}}: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}
