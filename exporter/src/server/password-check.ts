import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

const digest = (...parts: string[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/**
 * Basic-auth passwords against bcrypt hashes, as the exporter-toolkit checks them: bcrypt is slow by
 * design (tens of milliseconds), so each (user, hash, password) verdict is cached and a scrape every
 * few seconds pays it once; checks run one at a time so a burst of wrong passwords costs at most one
 * core; unknown users are checked against a dummy hash of the same cost so that timing does not
 * reveal which user names exist.
 */
export class PasswordCheck {
  private readonly verdicts = new Map<string, Promise<boolean>>();
  private readonly dummyHash: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    private readonly maxCachedVerdicts = 100,
  ) {
    const costs = [...users.values()].map((hash) => bcrypt.getRounds(hash));
    this.dummyHash = bcrypt.hashSync(digest('unknown user', String(Date.now())), Math.max(4, ...costs));
  }

  /** resolves true when `password` is the one of `user` */
  check(user: string, password: string): Promise<boolean> {
    const hash = this.users.get(user) ?? this.dummyHash;
    // keyed by a digest, so that passwords do not sit in memory in the clear
    const key = digest(user, hash, password);
    const cached = this.verdicts.get(key);
    if (cached) return cached;
    const verdict = this.queue
      .then(() => bcrypt.compare(password, hash))
      .then(
        (matches) => matches && this.users.has(user),
        () => false,
      );
    this.queue = verdict;
    this.verdicts.set(key, verdict);
    if (this.verdicts.size > this.maxCachedVerdicts) {
      // oldest first: a flood of wrong passwords cannot grow memory, only push out old verdicts
      const oldest = this.verdicts.keys().next().value as string;
      this.verdicts.delete(oldest);
    }
    return verdict;
  }
}
