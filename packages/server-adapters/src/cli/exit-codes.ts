import { QuarryError } from "@quarry/core";

/** What a `quarry` command exits with: the same three for every command. */
export type ExitCode = 0 | 1 | 2;

/** What each exit code means, as `--help` prints it. */
export type ExitMeanings = Readonly<Record<ExitCode, string>>;

/** The meanings shared by every command, as `quarry --help` lists them. */
export const exitMeanings: ExitMeanings = {
  0: "success (serve: stopped gracefully; eval: the suite ran, whatever its accuracy)",
  1: "failure: an unexpected error, an answer that ended in an error (ask), a failure not caused by the request (LLM_UNAVAILABLE, QUERY_TIMEOUT, INTERNAL...) or an interrupted run (ABORTED)",
  2: "bad usage (an unknown option, a missing argument) or a request Quarry refused (INVALID_INPUT, INVALID_FILE, PAYLOAD_TOO_LARGE, UNSAFE_SQL, QUERY_FAILED, CONFLICT...)",
};

/**
 * The exit code for an error a command threw. 2 when the request is at fault: a usage error, or a
 * `QuarryError` the HTTP API answers with a 4xx status (the same line between "your request" and "our
 * failure"). 1 for the rest: 5xx codes, an interrupted run (`ABORTED`, whose 499 is not the caller's fault)
 * and anything unexpected.
 */
export function exitCodeFor(error: unknown): 1 | 2 {
  if (!QuarryError.is(error) || error.code === "ABORTED") return 1;
  return error.status < 500 ? 2 : 1;
}
