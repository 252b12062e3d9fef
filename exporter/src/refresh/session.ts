import type { Knex } from 'knex';
import { databaseMessage } from './collect';

/** How long a call that ends a stuck refresh's session may take: the database may be frozen too. */
export const END_SESSION_WAIT_MS = 3_000;
/** How long a stop lets a running refresh finish by itself, before it ends its session. */
export const STOP_GRACE_MS = 2_000;
/** How long a stop waits for the refresh whose session it ended. */
export const STOP_WAIT_MS = 3_000;

export type Outcome<T> = { settled: true; value: T } | { settled: true; error: unknown } | { settled: false };

/** Waits for a promise at most `ms`, and says whether it settled and how. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Outcome<T>>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        (value): Outcome<T> => ({ settled: true, value }),
        (error: unknown): Outcome<T> => ({ settled: true, error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Terminates a refresh's database session from another connection, and says what really happened:
 * terminated, already gone, or not reachable (a frozen database or network answers nothing).
 */
export async function terminateSession(db: Knex, pid: number): Promise<string> {
  const call = db.raw<{ rows: { done: boolean }[] }>('select pg_terminate_backend(?) as done', [pid]);
  const outcome = await within(call, END_SESSION_WAIT_MS);
  if (!outcome.settled) {
    call.catch(() => undefined);
    return `its database session could not be terminated (no answer within ${END_SESSION_WAIT_MS / 1000} s)`;
  }
  if ('error' in outcome)
    return `its database session could not be terminated (${databaseMessage(outcome.error)})`;
  return outcome.value.rows[0]?.done
    ? 'its database session was terminated'
    : 'its database session had already ended';
}
