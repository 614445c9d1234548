import { QuarryError } from "@quarry/core";

/**
 * A fixed-window request counter per key (a principal), in memory: enough for one server process. Windows
 * of idle keys are dropped as they expire, so memory follows the active users only.
 */
export function createRateLimiter(
  limit: { requests: number; windowMs: number },
  now: () => number = Date.now,
) {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();
  return {
    /** Counts one request; throws `RATE_LIMITED` (with the seconds until the window ends) past the limit. */
    hit(key: string): void {
      const time = now();
      if (time - lastSweep > limit.windowMs) {
        for (const [k, w] of windows) if (time - w.start >= limit.windowMs) windows.delete(k);
        lastSweep = time;
      }
      let window = windows.get(key);
      if (!window || time - window.start >= limit.windowMs) {
        window = { start: time, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      if (window.count > limit.requests) {
        const retryAfterSeconds = Math.max(1, Math.ceil((window.start + limit.windowMs - time) / 1000));
        throw new QuarryError("RATE_LIMITED", "Too many requests; slow down.", { retryAfterSeconds });
      }
    },
  };
}
