import { configSchema } from '../config/schema';
import { formatDuration } from '../config/durations';
import { metricCatalog } from './catalog';
import { DECLARATIONS, type Declarations } from '../kpi';
import { ALIASES, type ColumnRef } from '../kpi/sql-text';
import { SOURCES, overLabel } from '../kpi/sources';
import { timerRows } from '../kpi/timers';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The metrics reference (docs/metrics-reference.md), generated from the KPI declarations. */
export function metricsReference(declarations: Declarations = DECLARATIONS): string {
  const defaults = configSchema.parse({});
  const catalog = metricCatalog(declarations);
  const families = [...new Set(catalog.map((m) => m.family))];
  const lines: string[] = [
    '# Metrics reference',
    '',
    '<!-- Generated from exporter/src/kpi by `npm run docs -w exporter`; a test fails when it is stale. -->',
    '',
    "What the exporter publishes on `/metrics`, besides prom-client's `process_*` and `nodejs_*` metrics.",
    'The semantics are those of `metrics.md` (the output contract): every value describes the CRM database',
    "at t, the database's `now()` at the start of the last successful refresh. Metrics of one family are",
    'computed by one query and published together for every label combination that has any row.',
    '',
    '## SLA timers',
    '',
    'Start S, stop E, deadline D, cancellation C. *Excluded*: D null, or C ≤ D and (E null or C ≤ E).',
    '*On time*: E ≤ D and E ≤ t. *Late*: D < t and (E null or E > D), counted when the deadline passes.',
    '*Overdue*: D < t, E null or E > t, C null or C > t.',
    '',
    '| timer | rows | S | E | D | C |',
    '|---|---|---|---|---|---|',
  ];
  // readers know the relation from the row's source: its alias would only be noise
  const alias = new RegExp(`\\b(${Object.values(ALIASES).join('|')})\\.`, 'g');
  const code = (expr?: string) => (expr ? `\`${expr.replace(alias, '')}\`` : '—');
  const column = (ref?: ColumnRef) => (ref ? `\`${ref.name}\`` : '—');
  // a cancellation read from a joined relation (a stage's application) is named with it
  const cancel = (t: (typeof declarations.timers)[number]) =>
    t.cancel && t.cancel.relation !== SOURCES[t.source].relation
      ? `\`${t.cancel.relation}.${t.cancel.name}\``
      : column(t.cancel);
  for (const t of declarations.timers) {
    const rows = timerRows(t) ? `${t.source} where ${code(timerRows(t))}` : t.source;
    lines.push(
      `| \`${t.name}\` | ${cell(rows)} | ${column(t.start)} | ${column(t.stop)} | \`${t.deadlineDoc}\` | ${cancel(t)} |`,
    );
  }
  const l = defaults.limits;
  const byKey = (limits: Record<string, number>) =>
    Object.entries(limits)
      .map(([k, v]) => `${k} ${formatDuration(v)}`)
      .join(', ');
  lines.push(
    '',
    'Default limits (configurable under `limits:` in the config file):',
    `repair_arrival ${byKey(l.repair_arrival)}; repair_restoration ${byKey(l.repair_restoration)};`,
    `outage_notice_lead ${byKey(l.outage_notice_lead)}; outage_info_report ${byKey(l.outage_info_report)};`,
    `restoration_info_report ${formatDuration(l.restoration_info_report)}; long_outage ${formatDuration(l.long_outage)};`,
    `call_answer ${formatDuration(l.call_answer)}; missed_call_callback ${formatDuration(l.missed_call_callback)}.`,
    `Arrears ages (\`arrears_over\`, the \`over\` label): ${defaults.arrears_over.map(overLabel).join(', ')}.`,
  );
  for (const family of families) {
    const metrics = catalog.filter((m) => m.family === family);
    lines.push(
      '',
      `## Family \`${family}\``,
      '',
      '| metric | type | labels | meaning |',
      '|---|---|---|---|',
    );
    for (const m of metrics) {
      lines.push(
        `| \`${m.name}\` | ${m.type} | ${m.labels.map((x) => `\`${x}\``).join(', ') || '—'} | ${cell(m.help)} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
