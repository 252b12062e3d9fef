import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

const digest = (...parts: string[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/** `busy`: too many checks already wait for bcrypt; the request is refused without one. */
export type Verdict = 'accepted' | 'refused' | 'busy';

export interface PasswordCheckLimits {
  /** verdicts remembered, separately for accepted and for refused credentials */
  cachedVerdicts: number;
  /** checks waiting for bcrypt at most; more are shed */
  pendingChecks: number;
}

const DEFAULT_LIMITS: PasswordCheckLimits = { cachedVerdicts: 100, pendingChecks: 8 };

/** Remembers `key` as the newest entry; the oldest goes beyond `max`, so memory stays bounded. */
function remember<V>(cache: Map<string, V>, key: string, value: V, max: number): void {
  cache.delete(key);
  cache.set(key, value);
  if (cache.size > max) cache.delete(cache.keys().next().value as string);
}

/**
 * Basic-auth passwords against bcrypt hashes, as the exporter-toolkit checks them. bcrypt is slow by
 * design (tens of milliseconds), so verdicts are cached: accepted credentials apart from refused
 * ones, so that a flood of unique wrong passwords cannot push a verified scraper out and make it pay
 * (and queue) again. Checks run one at a time, so a burst costs at most one core, and at most
 * `pendingChecks` wait: the rest are shed at once. Unknown users are checked against a dummy hash
 * of the same cost so that timing does not reveal which user names exist.
 */
export class PasswordCheck {
  private readonly accepted = new Map<string, true>();
  private readonly checked = new Map<string, Promise<Verdict>>();
  private readonly dummyHash: string;
  private queue: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly users: ReadonlyMap<string, string>,
    private readonly limits: PasswordCheckLimits = DEFAULT_LIMITS,
  ) {
    const costs = [...users.values()].map((hash) => bcrypt.getRounds(hash));
    this.dummyHash = bcrypt.hashSync(digest('unknown user', String(Date.now())), Math.max(4, ...costs));
  }

  check(user: string, password: string): Promise<Verdict> {
    const hash = this.users.get(user) ?? this.dummyHash;
    // keyed by a digest, so that passwords do not sit in memory in the clear
    const key = digest(user, hash, password);
    if (this.accepted.has(key)) return Promise.resolve('accepted');
    const known = this.checked.get(key);
    if (known) return known;
    if (this.pending >= this.limits.pendingChecks) return Promise.resolve('busy');
    this.pending++;
    const verdict = this.queue
      .then(() => bcrypt.compare(password, hash))
      .then(
        (matches) => matches && this.users.has(user),
        () => false,
      )
      .then((ok): Verdict => {
        this.pending--;
        if (!ok) return 'refused';
        this.checked.delete(key);
        remember(this.accepted, key, true, this.limits.cachedVerdicts);
        return 'accepted';
      });
    this.queue = verdict;
    remember(this.checked, key, verdict, this.limits.cachedVerdicts);
    return verdict;
  }
}
