import type { Proposal } from './propose';

/** report.html: one self-contained page (no external resources), every text escaped. */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Tagged template: interpolated strings are escaped, interpolated `Html` is kept. */
class Html {
  constructor(readonly text: string) {}
}
function html(strings: TemplateStringsArray, ...values: (string | number | Html | Html[])[]): Html {
  const text = strings.reduce((out, s, i) => {
    const value = values[i - 1];
    const rendered = Array.isArray(value)
      ? value.map((v) => v.text).join('')
      : value instanceof Html
        ? value.text
        : escapeHtml(String(value));
    return out + rendered + s;
  });
  return new Html(text);
}

const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;
const figure = (value: number): string =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);

/** Diverging colour: blue below the mean, red above, white at it; saturated at ±1.5 standard deviations. */
export function deviationColour(deviation: number): string {
  const t = Math.max(-1, Math.min(1, deviation / 1.5));
  const toward = t >= 0 ? [214, 39, 40] : [31, 119, 180];
  const mix = (c: number) => Math.round(255 + (c - 255) * Math.abs(t));
  return `rgb(${mix(toward[0]!)}, ${mix(toward[1]!)}, ${mix(toward[2]!)})`;
}

function profileChart(p: Proposal): Html {
  const header = p.features.map(
    (f) => html`<th scope="col"><span lang="zh">${f.zh}</span><br />${f.en}</th>`,
  );
  const overall = p.features.map((f, j) => html`<td>${figure(p.segments[0]!.profile[j]!.overallMean)}</td>`);
  const rows = p.segments.map((s) => {
    const cells = s.profile.map(
      (e) =>
        html`<td
          style="${`background:${deviationColour(e.deviation)}`}"
          title="${`${e.deviation >= 0 ? '+' : ''}${e.deviation.toFixed(2)} σ`}"
        >
          ${figure(e.mean)}
        </td>`,
    );
    return html`<tr>
      <th scope="row">
        <span lang="zh">${s.name.zh}</span><br /><small>${s.name.en} · ${percent(s.share)}</small>
      </th>
      ${cells}
    </tr>`;
  });
  return html`<table class="chart" id="profile">
      <thead>
        <tr>
          <th></th>
          ${header}
        </tr>
      </thead>
      <tbody>
        ${rows}
        <tr class="overall">
          <th scope="row">全体 all customers</th>
          ${overall}
        </tr>
      </tbody>
    </table>
    <p class="legend">
      <span style="${`background:${deviationColour(-1.5)}`}">−1.5 σ</span
      ><span style="${`background:${deviationColour(0)}`}">mean</span
      ><span style="${`background:${deviationColour(1.5)}`}">+1.5 σ</span> cell: the group's mean per customer
      over the window; colour: its distance from the mean of all customers in standard deviations (after the
      log transform of counts and amounts)
    </p>`;
}

function sharesList(p: Proposal): Html {
  const rows = p.segments.map(
    (s) =>
      html`<tr>
        <td><code>${s.code}</code></td>
        <td lang="zh">${s.name.zh}</td>
        <td>${s.name.en}</td>
        <td class="num">${percent(s.share)}</td>
        <td><div class="bar" style="${`width:${(s.share * 100).toFixed(1)}%`}"></div></td>
      </tr>`,
  );
  return html`<table class="shares">
    <thead>
      <tr>
        <th>segment</th>
        <th>名称</th>
        <th>name</th>
        <th>share</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

function qualityTable(p: Proposal): Html {
  const rows = p.quality.candidates.map(
    (c) =>
      html`<tr${new Html(c.k === p.k ? ' class="chosen"' : '')}><td>${c.k}</td><td class="num">${c.silhouette.toFixed(3)}</td><td class="num">${percent(Math.min(...c.shares))} – ${percent(Math.max(...c.shares))}</td><td>${c.balanced ? 'yes' : 'no'}</td></tr>`,
  );
  return html`<table>
    <thead>
      <tr>
        <th>k</th>
        <th>silhouette</th>
        <th>smallest – largest group</th>
        <th>balanced</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`;
}

const STYLE = `body{font-family:"Noto Sans CJK SC","Noto Sans SC",system-ui,sans-serif;margin:2em;color:#222;max-width:80em}
table{border-collapse:collapse;margin:1em 0}th,td{padding:.35em .6em;border:1px solid #ddd;text-align:left;vertical-align:top}
.chart td{text-align:right;min-width:4.5em;font-variant-numeric:tabular-nums}.chart thead th{font-size:.8em;font-weight:normal}
.chart tr.overall{font-style:italic}.num{text-align:right}.bar{background:#4c78a8;height:1em}
.shares td:last-child{width:20em}.legend span{display:inline-block;padding:.2em .8em;margin-right:.3em;border:1px solid #ddd}
tr.chosen{font-weight:bold}pre{background:#f5f5f5;padding:1em;overflow:auto}small{color:#555}`;

export function reportHtml(p: Proposal): string {
  const leftOut = p.leftOut.map((l) => html`<li><span lang="zh">${l.zh}</span> (${l.en}): ${l.reason}</li>`);
  const invalid = p.invalidRows.map(
    (i) => html`<li><code>${i.reason}</code>: ${i.rows} customers, ${i.readAs}</li>`,
  );
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>客户群体细分 Customer segments</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <h1>客户群体细分 · Customer segments</h1>
        <p>
          ${p.k} groups of the ${p.customers} active customers of schema <code>${p.schema}</code>, from their
          service experience over the ${p.windowMonths} months before ${p.asOf} (fitted on a random sample of
          ${p.sampleSize}, seed ${p.seed}).
        </p>
        <h2>Groups and shares</h2>
        ${sharesList(p)}
        <h2>Profiles</h2>
        ${profileChart(p)}
        <h2>Quality</h2>
        <p>
          ${p.criterion.description}. Chosen: k = ${p.k}, mean silhouette ${p.quality.silhouette.toFixed(3)}
          (−1…1; above 0.25 the groups are distinct), within-group sum of squares
          ${p.quality.inertiaPerCustomer.toFixed(3)} per customer, k-means
          ${p.quality.converged ? 'converged' : 'stopped before converging'} after ${p.quality.iterations}
          iterations.
        </p>
        ${qualityTable(p)}
        ${
          leftOut.length > 0
            ? html`<h2>Features left out</h2>
                <ul>
                  ${leftOut}
                </ul>`
            : html``
        }
        ${
          invalid.length > 0
            ? html`<h2>Rows that break the contract</h2>
                <ul>
                  ${invalid}
                </ul>`
            : html``
        }
        <h2>How to use the groups</h2>
        <p>
          Run <code>segments.sql</code> in the CRM schema (it creates the view
          <code>customer_segments (customer_id, segment, segment_name)</code>; it computes the same features
          and assigns every active customer to the nearest group inside the database, so it stays current as
          the data moves). Then take the <code>segment</code> column of the contract views from it, and the
          heat maps, alerts and dashboards run by these groups, for example:
        </p>
        <pre>
create or replace view kpi.customers as
  select c.id, c.region_id, coalesce(s.segment, 'unknown') as segment, c.area_class, c.sensitivity, c.opened_at, c.closed_at
  from crm.customers c left join crm.customer_segments s on s.customer_id = c.id;

create or replace view kpi.work_orders as
  select w.id, w.type, w.channel, w.customer_id, w.region_id,
         coalesce(s.segment, 'unknown') as segment, w.area_class, w.accepted_at, …
  from crm.work_orders w left join crm.customer_segments s on s.customer_id = w.customer_id;</pre>
        <p>
          Customers no longer active and anonymous callers have no group: <code>unknown</code>. The view
          recomputes every customer's features on each read; for more than a few thousand customers, join a
          materialized copy refreshed nightly instead (<code
            >create materialized view customer_segments_daily as select * from customer_segments</code
          >).
        </p>
      </body>
    </html> `;
  return page.text;
}
