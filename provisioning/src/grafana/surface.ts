import {
  DASHBOARD_TEXT,
  DURATION_UNITS,
  LABEL_VALUES,
  type DashboardTextKey,
  type LabelName,
  type Language,
  type Text,
} from '@service-kpi-monitor/catalog';
import { MappingType, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Kpi, Targets } from '../slo';

/** What every dashboard generator is given: the declaration, and the language and zone to show it in. */
export interface Surface {
  targets: Targets;
  language: Language;
  timezone: string;
}

export function surfaceOf(targets: Targets, language: Language = targets.dashboards.language): Surface {
  return { targets, language, timezone: targets.dashboards.timezone };
}

/** A dictionary word in the surface's language, `{name}` placeholders filled in. */
export function say(s: Surface, key: DashboardTextKey | Text, fill: Record<string, string> = {}): string {
  const text = typeof key === 'string' ? DASHBOARD_TEXT[key] : key;
  return Object.entries(fill).reduce(
    (t, [name, value]) => t.replaceAll(`{${name}}`, value),
    text[s.language],
  );
}

/** An entry of a dictionary table (FAMILY_NAMES, …): a missing one names the key. */
export function named(s: Surface, table: Record<string, Text>, key: string, tableName: string): string {
  const text = table[key];
  if (!text) throw new Error(`catalog/src/dictionary.ts: ${tableName} has no entry ${key}`);
  return text[s.language];
}

/** A KPI's name: targets.yml names every KPI in both languages (`zh`, and `title` in English). */
export function kpiName(s: Surface, kpi: Kpi): string {
  return s.language === 'zh' ? kpi.zh : kpi.title;
}

/** A KPI's target as a sentence, e.g. "目标 ≤ 5%。" or "Target ≥ 95%." */
export function kpiTarget(s: Surface, kpi: Kpi): string {
  const sign = kpi.direction === 'higherIsBetter' ? '≥' : '≤';
  const value =
    kpi.measure === 'mean'
      ? `${kpi.target / 60} ${DURATION_UNITS.minutes[s.language]}`
      : kpi.scale === 1
        ? `${round(kpi.target * 100)}%`
        : `${kpi.target}`;
  return `${say(s, 'target')} ${sign} ${value}${s.language === 'zh' ? '。' : '.'}`;
}

/** A Prometheus duration in words: `30d` → "30天" or "30 days". */
export function durationName(s: Surface, duration: string): string {
  const unit = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days' }[
    duration.slice(-1)
  ] as keyof typeof DURATION_UNITS;
  return `${duration.slice(0, -1)}${s.language === 'zh' ? '' : ' '}${DURATION_UNITS[unit][s.language]}`;
}

/** Rounded to 10 decimals: 0.8 × 0.05 is 0.04000000000000001 in floating point. */
export const round = (n: number) => Number(n.toFixed(10));

/** Grafana value mappings (ValueToText) naming the codes of the given labels in the surface's language. */
export function labelValueMappings(s: Surface, labels: readonly string[]): ValueMapping[] {
  const options: Record<string, { text: string; index: number }> = {};
  let index = 0;
  for (const label of labels) {
    for (const [code, name] of Object.entries(LABEL_VALUES[label as LabelName] ?? {})) {
      options[code] = { text: name[s.language], index: index++ };
    }
  }
  return index === 0 ? [] : [{ type: MappingType.ValueToText, options }];
}
