import { z } from 'zod';

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/;

/** Prometheus-style durations ("45m", "1h30m", "7d") or plain numbers of seconds, to seconds. */
export function parseDuration(text: string): number | undefined {
  const parts = text.trim().match(/\d+(?:\.\d+)?(?:ms|s|m|h|d|w)/g);
  if (!parts || parts.join('') !== text.trim()) return undefined;
  return parts.reduce((sum, part) => {
    const [, amount, unit] = DURATION.exec(part) as RegExpExecArray;
    return sum + Number(amount) * (UNIT_SECONDS[unit as string] as number);
  }, 0);
}

/** A non-negative duration in seconds, written as "90m", "4h", "7d" or a number of seconds. */
export const duration = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const seconds =
    typeof value === 'number' ? value : /^\d+(\.\d+)?$/.test(value) ? Number(value) : parseDuration(value);
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a non-negative duration such as 30s, 45m, 4h, 7d or a number of seconds, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return seconds;
});

/** Node's timers hold at most 2^31-1 ms (24.8 days); a longer delay fires at once, in a loop. */
export const TIMER_LIMIT = 86400;
/** Longer than any SLA limit or recording delay, and far inside what a Date and a PostgreSQL interval hold. */
export const DATA_LIMIT = 366 * 86400;

/** A duration of at most `max` seconds: beyond it the value is refused, naming the bound. */
export const durationUpTo = (max: number, why: string) =>
  duration.refine((seconds) => seconds <= max, `expected at most ${formatDuration(max)} (${why})`);

export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
