import type { AppContext } from './context';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

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
    ['problems', problems.length ? problems.join('\n') : 'none'],
    ['warnings', status.warnings.length ? status.warnings.join('\n') : 'none'],
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
