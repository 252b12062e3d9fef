import type { Refresher } from '../refresh/refresher';
import type { AppContext } from './context';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** Which query families are fresh and which stale (and since when), for /readyz and the page. */
export function freshnessLines(refresher: Refresher, now = Date.now()): string[] {
  const { fresh, stale } = refresher.familyFreshness(now);
  const since = (last: Date | undefined) => (last ? `last success ${last.toISOString()}` : 'no success yet');
  return [
    `fresh query families: ${fresh.join(', ') || 'none'}`,
    `stale query families: ${stale.map(([family, last]) => `${family} (${since(last)})`).join(', ') || 'none'}`,
  ];
}

/** What the privilege check found, and what it cannot see. */
function roleWrites(writes: string[] | undefined): string {
  const found = writes === undefined ? 'not checked yet' : writes.length ? writes.join(', ') : 'nothing';
  return `${found}\n(checked: superuser, write privileges on every table and view in a schema the role may use, default privileges for future tables; not visible: SECURITY DEFINER functions, other databases, what a foreign table writes to)`;
}

/** A small page for the people who install it: what runs, against what, and is it healthy. */
export function landingPage(context: AppContext & { version: string }): string {
  const { status } = context.refresher;
  const problems = context.refresher.readinessProblems();
  const rows: [string, string][] = [
    ['version', context.version],
    ['mode', context.mode === 'demo' ? 'demo (embedded PostgreSQL with generated data)' : 'CRM database'],
    ['database', context.databaseTarget],
    ['last successful refresh', status.lastSuccess?.toISOString() ?? 'none yet'],
    ['values describe the database at', status.evaluatedAt?.toISOString() ?? '—'],
    [
      'last refresh took',
      status.lastDurationSeconds === undefined ? '—' : `${status.lastDurationSeconds.toFixed(3)} s`,
    ],
    ['series published', String(context.refresher.publisher.seriesCount)],
    ['query families', freshnessLines(context.refresher).join('\n')],
    ['database role can write', roleWrites(status.roleWrites)],
    ['problems', problems.length ? problems.join('\n') : 'none'],
    ['warnings', status.warnings.length ? status.warnings.join('\n') : 'none'],
    [
      'contract v2',
      status.contractNotes.length ? status.contractNotes.join('\n') : 'every optional part present',
    ],
    ['index advice', status.indexAdvice.length ? status.indexAdvice.join('\n') : 'none'],
  ];
  const table = rows
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v).replace(/\n/g, '<br>')}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Service KPI exporter</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}th{text-align:left;padding-right:1rem;vertical-align:top}td,th{padding:.2rem}</style>
</head><body>
<h1>Service KPI exporter</h1>
<table>
${table}
</table>
<p><a href="/metrics">/metrics</a> · <a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></p>
</body></html>
`;
}
