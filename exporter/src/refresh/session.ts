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

/**
 * Resolves once the session has left the database (or after `ms`: false). Its client sees the end of
 * a terminated session before the server has finished tearing the backend down; until it has, the
 * backend still holds its transaction.
 */
async function sessionGone(db: Knex, pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = await within(
      db.raw<{ rows: unknown[] }>('select 1 from pg_stat_activity where pid = ? and xact_start is not null', [
        pid,
      ]),
      Math.max(deadline - Date.now(), 1),
    );
    if (!left.settled) return false;
    // a database that cannot be asked cannot hold the transaction either: the next reading says why
    if ('error' in left) return true;
    if (left.value.rows.length === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A refresh that did not run to its end: abandoned after its timeout, or not started. */
export class RefreshTimeout extends Error {}

/**
 * Runs database readings one at a time, each abandoned after a timeout (a hung network, a lock): its
 * session is terminated so the next reading does not pile up behind it and the pool stays within
 * its bound; until that transaction has ended, no other one starts.
 */
export class AbandonAfter {
  /** the database session (backend pid) of the reading running now */
  private session: number | undefined;
  private abandoned: Promise<void> | undefined;
  private abandonedAt: Date | undefined;
  /** the session of the abandoned reading, until it has left the database */
  private abandonedSession: number | undefined;

  constructor(
    private readonly db: Knex,
    private readonly timeoutSeconds: number,
    private readonly what: string,
  ) {}

  /** Runs `read`, which reports its session through `onSession`. */
  async run<T>(read: (onSession: (pid: number) => void) => Promise<T>): Promise<T> {
    const stillRunning =
      (this.abandoned && !(await within(this.abandoned, END_SESSION_WAIT_MS)).settled) ||
      (this.abandonedSession !== undefined &&
        !(await sessionGone(this.db, this.abandonedSession, END_SESSION_WAIT_MS)));
    if (stillRunning) {
      throw new RefreshTimeout(
        `the ${this.what} abandoned at ${this.abandonedAt?.toISOString()} is still running on the database; ` +
          `no new ${this.what} starts until it ends, so that two never run at once`,
      );
    }
    this.abandonedSession = undefined;
    let timer: NodeJS.Timeout | undefined;
    const reading = read((pid) => (this.session = pid));
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.timeoutSeconds * 1000);
    });
    try {
      const first = await Promise.race([reading, timeout]);
      if (first !== 'timeout') return first;
      this.abandonedAt = new Date();
      this.abandoned = reading.then(
        () => undefined,
        () => undefined,
      );
      void this.abandoned.then(() => (this.abandoned = undefined));
      this.abandonedSession = this.session;
      const ended =
        this.session === undefined
          ? 'it had not reached the database'
          : await terminateSession(this.db, this.session);
      throw new RefreshTimeout(
        `${this.what} abandoned after refresh_timeout (${this.timeoutSeconds} s); ${ended}`,
      );
    } finally {
      clearTimeout(timer);
      this.session = undefined;
    }
  }

  /** Ends the session of the reading running now, if any (a stop that cannot wait). */
  async terminate(): Promise<void> {
    if (this.session !== undefined) await terminateSession(this.db, this.session);
  }
}
