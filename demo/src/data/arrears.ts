import { DAY, type CreditGrade, type CustomerRow, type Millis } from './model';
import { serviceQualityOf } from './quality-v2';
import { chance, lognormal, randomFor } from './random';
import { STREAM, type World } from './world';

/**
 * Bills in arrears (arrears): the bills of the last 5 months that were still unpaid at their payment
 * deadline. Most are settled within days; low-credit (C, D) accounts fall behind far more often and pay
 * late, so the tail past 60 and 90 days is theirs; a few bills are never paid. Generated alongside the
 * accounts, in account order.
 */
export interface ArrearsRow {
  id: number;
  customer_id: number;
  region_id: string;
  segment: string;
  due_at: Millis;
  amount_fen: number;
  settled_at: Millis | null;
}

const MONTHS = 5;
/** chance that a month's bill is unpaid at its deadline, by grade (null: not graded) */
const UNPAID: Record<CreditGrade | 'none', number> = { A: 0.015, B: 0.06, C: 0.25, D: 0.5, none: 0.04 };
/** median days to settle, by grade */
const SETTLE_DAYS: Record<CreditGrade | 'none', number> = { A: 3, B: 4, C: 18, D: 40, none: 4 };
const NEVER_PAID: Record<CreditGrade | 'none', number> = { A: 0, B: 0.005, C: 0.03, D: 0.12, none: 0.01 };
/** a month's bill, in fen, by segment */
const BILL_FEN: Readonly<Record<string, number>> = {
  urban_residential: 12_000,
  rural_residential: 8_000,
  high_use_residential: 30_000,
  commercial: 250_000,
  public_agricultural: 40_000,
};

type Debtor = Pick<CustomerRow, 'id' | 'region_id' | 'credit_grade' | 'vulnerable'>;

/** Pure: when a bill that fell due is settled (null: not yet, or never), from its id and its account. */
export function planSettlement(seed: number, billId: number, debtor: Debtor, dueAt: Millis): Millis | null {
  const random = randomFor(seed, STREAM.arrears + 100, billId);
  const grade = debtor.credit_grade ?? 'none';
  if (chance(random, NEVER_PAID[grade])) return null;
  const slow = serviceQualityOf(debtor.region_id).creditRisk > 1 ? 1.5 : 1;
  return Math.round((dueAt + lognormal(random, SETTLE_DAYS[grade] * DAY * slow, 0.9)) / 1000) * 1000;
}

export function unpaidChance(debtor: Debtor): number {
  return UNPAID[debtor.credit_grade ?? 'none'] * (debtor.vulnerable ? 1.5 : 1);
}

export function billAmount(random: () => number, segment: string): number {
  return Math.round(lognormal(random, BILL_FEN[segment] ?? 20_000, 0.6));
}

/** The account's bills in arrears, ids from `nextId()`; the billing day is the account's own. */
export function* arrearsOf(world: World, customer: CustomerRow, nextId: () => number): Generator<ArrearsRow> {
  const random = randomFor(world.seed, STREAM.arrears, customer.id);
  const p = unpaidChance(customer);
  const billingDay = Math.floor(random() * 28) * DAY + 10 * 3_600_000; // 18:00 local
  const firstMonth = Math.floor(world.anchor / (30 * DAY)) - MONTHS;
  for (let m = firstMonth; m <= firstMonth + MONTHS; m++) {
    if (!chance(random, p)) continue;
    const due_at = m * 30 * DAY + billingDay;
    const amount_fen = billAmount(random, customer.segment);
    const active =
      customer.opened_at < due_at && (customer.closed_at === null || customer.closed_at > due_at);
    if (!active || due_at > world.anchor) continue;
    const id = nextId();
    const settle = planSettlement(world.seed, id, customer, due_at);
    yield {
      id,
      customer_id: customer.id,
      region_id: customer.region_id,
      segment: customer.segment,
      due_at,
      amount_fen,
      settled_at: settle !== null && settle <= world.anchor ? settle : null,
    };
  }
}
