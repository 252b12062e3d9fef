/**
 * metrics.md v2, the per-customer outage experience, read literally: for each active customer, the
 * distinct outages that cut it off, started by t and not cancelled before they started, with
 * start_at in the trailing window; long when it lasted longer than the long-outage limit (end_at −
 * start_at, or t − start_at while it goes on).
 */
import type { NaiveConfig } from './config';
import type { Labeller } from './labels';
import { addTo, type SeriesMap } from './series';
import type { ValidDataset } from './validity';

export function computeExperience(
  data: ValidDataset,
  t: Date,
  config: NaiveConfig,
  label: Labeller,
  series: SeriesMap,
): void {
  if (!data.outage_customers) return;
  const now = t.getTime();
  const windowStart = now - config.experienceWindow * 1000;
  const outages = new Map(data.outages.map((o) => [o.id, o]));
  const cutOff = new Map<number, { outages: Set<number>; long: boolean }>();
  for (const link of data.outage_customers) {
    const outage = outages.get(link.outage_id);
    if (!outage) continue;
    const start = outage.start_at.getTime();
    if (start > now || start <= windowStart) continue;
    if (outage.cancelled_at && outage.cancelled_at.getTime() <= start) continue;
    const ongoing = !outage.end_at || outage.end_at.getTime() > now;
    const lasted = (ongoing ? now : (outage.end_at as Date).getTime()) - start;
    const experience = cutOff.get(link.customer_id) ?? { outages: new Set<number>(), long: false };
    experience.outages.add(outage.id);
    experience.long ||= lasted > config.limits.longOutage * 1000;
    cutOff.set(link.customer_id, experience);
  }
  for (const customer of data.customers) {
    const experience = cutOff.get(customer.id);
    const active =
      customer.opened_at.getTime() <= now && (!customer.closed_at || customer.closed_at.getTime() > now);
    if (!experience || !active) continue;
    const labels = { region: label.region(customer.region_id), segment: label.segment(customer.segment) };
    const n = experience.outages.size;
    addTo(series, 'crm_customers_outage_experience', { ...labels, outages: n >= 3 ? '3+' : String(n) }, 1);
    addTo(series, 'crm_customers_long_outage', labels, experience.long ? 1 : 0);
  }
}
