/**
 * Reads an environment variable where there is one (Node, Bun, Deno's `process` shim); a browser has none.
 * Blank values count as unset, as a `.env` line `OPENAI_API_KEY=` means "no key".
 */
export function readEnv(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.[name]?.trim();
  return value ? value : undefined;
}
