/**
 * Rule benchmark (issue 10 §3): backfills a TSDB with the demo's raw series (`promtool tsdb
 * create-blocks-from openmetrics`) for 35 days at county and at station level, starts a real Prometheus
 * on it, and evaluates every recording rule of two rule files — before (the rules at BEFORE_REF) and
 * after (the committed ones) — through the query API with `stats=all` at the end of the data, summing
 * per group the evaluation time and the samples read.
 *
 * A full 30 s history of a province does not fit in minutes on two cores, so the raw counters are
 * scraped every 30 s for the last `--dense` (default 2 h; `--dense 6h` covers the longest raw window
 * the after rules read, at three times the data) and every `--interval` (default 1 h) before. Reads of
 * raw series beyond the dense tail (the before rules' day-long windows) are projected to 30 s scrapes
 * and marked so; their time, measured on the sparser history, is a lower bound (≥). All other figures
 * are measured. The hourly increases of the after rules are backfilled too, computed from
 * the same synthetic counters.
 *
 * The default run (county level) takes a few minutes on two cores; `-- --levels station` (≈77k series)
 * about twenty on a busy one.
 *
 *   npm run bench -w provisioning [-- --days 35 --interval 3h --dense 2h --counties 18 --stations 6 --levels county,station]
 */
import { LABEL_VALUES, METRICS, type LabelName } from '@service-kpi-monitor/catalog';
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadTargets, PROVISIONING_DIR, seconds, type Component } from '../src/slo';
import { LEVELS_OF, hourlyRecord, labelsOf } from '../src/rules/names';
import { freePort, start, waitFor } from '../test/support/processes';

/** The rules before issue 10: the branch point of this change, kept in the repository's history. */
const BEFORE_REF = '6dfd98a';
const SCRAPE_SECONDS = 30;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : fallback;
}

interface RuleFile {
  groups: { name: string; interval?: string; rules: { record?: string; expr: string }[] }[];
}

interface Series {
  metric: string;
  labels: Record<string, string>;
  /** the components that read it: crm_work_orders_accepted_total{type="complaint"} feeds two */
  components: Component[];
}

/** Every raw series the rules read: each component's metric over the cross product of its labels' usual values. */
function rawSeries(regions: string[]): Series[] {
  const targets = loadTargets();
  const components = new Map(targets.components.map((c) => [c.id, c]));
  const series = new Map<string, Series>();
  for (const [c, selector] of [...components.values()].flatMap((c) =>
    c.selectors.map((s) => [c, s] as const),
  )) {
    if (c.kind !== 'counter') continue;
    const [metric = '', matchers = ''] = selector.replace('}', '').split('{');
    const entry = METRICS.find((m) => m.name === metric);
    if (!entry) throw new Error(`bench: ${metric} is not in the catalogue`);
    const fixed = Object.fromEntries(
      matchers
        .split(',')
        .filter(Boolean)
        .map((m) => m.split('=').map((x) => x.replaceAll('"', '')) as [string, string]),
    );
    let combos: Record<string, string>[] = regions.map((region) => ({ region }));
    for (const label of entry.labels.filter((l) => l !== 'region')) {
      const values = fixed[label]
        ? [fixed[label]]
        : Object.keys(LABEL_VALUES[label as LabelName] ?? { x: 1 });
      combos = combos.flatMap((c) => values.map((v) => ({ ...c, [label]: v })));
    }
    for (const labels of combos) {
      const key = `${metric}${labelText(labels)}`;
      const known = series.get(key) ?? series.set(key, { metric, labels, components: [] }).get(key)!;
      known.components.push(c);
    }
  }
  return [...series.values()];
}

const labelText = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')}}`;

/**
 * OpenMetrics files: promtool reads its whole input once per 2-hour block it makes, so one file for 35
 * days would be read 420 times. The dense tail gets a file per 2-hour block (aligned as promtool aligns
 * them), the sparse history one per day (read 12 times, but small).
 */
class BlockFiles {
  private readonly files = new Map<string, WriteStream>();
  readonly paths: string[] = [];
  constructor(
    private readonly dir: string,
    private readonly denseFrom: number,
  ) {}
  write(line: string, t: number): Promise<void> {
    const key = t >= this.denseFrom ? `block-${Math.floor(t / 7200)}` : `day-${Math.floor(t / 86400)}`;
    let out = this.files.get(key);
    if (!out) {
      const path = join(this.dir, `${key}.om`);
      out = createWriteStream(path);
      this.files.set(key, out);
      this.paths.push(path);
    }
    const stream = out;
    return stream.write(line) ? Promise.resolve() : new Promise<void>((r) => stream.once('drain', () => r()));
  }
  async close(): Promise<void> {
    for (const out of this.files.values()) {
      out.write('# EOF\n');
      await new Promise<void>((r) => out.end(() => r()));
    }
  }
}

/** Writes the raw counters and, per level of each KPI breakdown, their hourly increases. */
async function writeOpenMetrics(
  dir: string,
  series: Series[],
  end: number,
  days: number,
  interval: number,
  dense: number,
) {
  const steps = Math.floor((days * 86400 - dense) / interval);
  const first = end - dense - steps * interval;
  const out = new BlockFiles(dir, Math.floor((end - dense) / 7200) * 7200);
  const times: number[] = [];
  for (let i = 0; i < steps; i++) times.push(first + i * interval);
  for (let t = end - dense; t <= end; t += SCRAPE_SECONDS) times.push(t);
  const hourly = new Map<string, Float64Array>(); // record + labels → increase per hour
  const hours = Math.floor((days * 86400) / 3600) - 1;
  const breakdowns = new Map<string, Set<string>>();
  for (const k of loadTargets().kpis) {
    for (const c of [k.numerator, k.denominator])
      (breakdowns.get(c.id) ?? breakdowns.set(c.id, new Set()).get(c.id)!).add(k.by);
  }
  let seed = 1;
  for (const s of series) {
    seed = (seed * 48271) % 2147483647;
    const rate = 1 + (seed % 5); // increments per step
    const name = `${s.metric}${labelText(s.labels)}`;
    for (const t of times) await out.write(`${name} ${((t - first) / interval) * rate} ${t}\n`, t);
    for (const component of s.components) {
      for (const by of breakdowns.get(component.id) ?? []) {
        for (const level of LEVELS_OF(by as 'segment' | 'kind')) {
          const keep = Object.fromEntries(labelsOf(level).map((l) => [l, s.labels[l] ?? '']));
          const key = `${hourlyRecord(level, component)}${labelText(keep)}`;
          const sums = hourly.get(key) ?? hourly.set(key, new Float64Array(hours)).get(key)!;
          for (let h = 0; h < hours; h++) sums[h] = (sums[h] as number) + (rate * 3600) / interval;
        }
      }
    }
  }
  for (const [key, sums] of hourly) {
    for (let h = 0; h < hours; h++) {
      const t = end - (hours - 1 - h) * 3600;
      await out.write(`${key} ${sums[h]} ${t}\n`, t);
    }
  }
  await out.close();
  return {
    files: out.paths,
    series: series.length,
    recorded: hourly.size,
    samples: series.length * times.length + hourly.size * hours,
  };
}

interface GroupCost {
  group: string;
  interval: number;
  samples: number;
  seconds: number;
  projected: boolean;
}

/** How many times more samples a rule reads at 30 s scrapes than in the backfill (1 within the dense tail). */
function projection(expr: string, interval: number, dense: number): number {
  let factor = 1;
  for (const m of expr.matchAll(/\b(?:increase|rate)\(crm_\w+(?:\{[^}]*\})?\[(\w+)\]/g)) {
    const w = seconds(m[1] as string);
    const stored = Math.min(w, dense) / SCRAPE_SECONDS + Math.max(0, w - dense) / interval;
    factor = Math.max(factor, w / SCRAPE_SECONDS / stored);
  }
  return factor;
}

/** Evaluates each recording rule once at `at`; raw reads beyond the dense tail projected to 30 s scrapes. */
async function cost(
  api: string,
  rules: RuleFile,
  at: number,
  interval: number,
  dense: number,
): Promise<GroupCost[]> {
  const costs: GroupCost[] = [];
  for (const g of rules.groups) {
    let samples = 0;
    let time = 0;
    let projected = false;
    for (const r of g.rules.filter((x) => x.record)) {
      const url = `${api}/api/v1/query?stats=all&time=${at}&query=${encodeURIComponent(r.expr)}`;
      const body = (await (await fetch(url)).json()) as {
        status: string;
        error?: string;
        data: { stats: { timings: { evalTotalTime: number }; samples: { totalQueryableSamples: number } } };
      };
      if (body.status !== 'success') throw new Error(`${r.record}: ${body.error}`);
      const factor = projection(r.expr, interval, dense);
      if (factor > 1.01) projected = true;
      samples += body.data.stats.samples.totalQueryableSamples * factor;
      // measured on the sparser history: a lower bound of the time at 30 s scrapes
      time += body.data.stats.timings.evalTotalTime;
    }
    costs.push({ group: g.name, interval: seconds(g.interval ?? '30s'), samples, seconds: time, projected });
  }
  return costs;
}

async function level(name: string, regions: string[], before: RuleFile, after: RuleFile): Promise<string[]> {
  const days = Number(option('days', '35'));
  const interval = seconds(option('interval', '3h'));
  const dense = seconds(option('dense', '2h'));
  const dir = mkdtempSync(join(tmpdir(), `skm-bench-${name}-`));
  try {
    const end = Math.floor(Date.now() / 1000 / 3600) * 3600 - 3600;
    const written = await writeOpenMetrics(dir, rawSeries(regions), end, days, interval, dense);
    process.stderr.write(
      `${name}: ${written.series} raw series, ${written.recorded} hourly records, ${written.samples} samples\n`,
    );
    for (const file of written.files) {
      execFileSync('promtool', [
        'tsdb',
        'create-blocks-from',
        'openmetrics',
        '--quiet',
        file,
        join(dir, 'data'),
      ]);
      rmSync(file);
    }
    const port = await freePort();
    const prometheus = start(
      'prometheus',
      [
        `--config.file=/dev/null`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        '--storage.tsdb.retention.time=90d',
        `--web.listen-address=127.0.0.1:${port}`,
        '--query.max-samples=2000000000',
        '--query.timeout=30m',
      ],
      process.env,
    );
    const api = `http://127.0.0.1:${port}`;
    try {
      await waitFor('Prometheus on the backfilled TSDB', 600000, async () =>
        (await fetch(`${api}/-/ready`)).ok ? true : undefined,
      );
      const rows: string[] = [];
      for (const [which, rules] of [
        ['before', before],
        ['after', after],
      ] as const) {
        await cost(api, rules, end, interval, dense); // warm the caches: the second run is the one reported
        for (const c of await cost(api, rules, end, interval, dense)) {
          const share = (100 * c.seconds) / c.interval;
          const mark = c.projected ? ' ¹' : '';
          const atLeast = c.projected ? '≥ ' : '';
          rows.push(
            `| ${name} (${written.series} series) | ${which} | ${c.group} | ${c.interval} s | ${Math.round(c.samples).toLocaleString('en')}${mark} | ${atLeast}${c.seconds.toFixed(3)} s | ${atLeast}${share.toFixed(2)} % |`,
          );
        }
      }
      return rows;
    } finally {
      await prometheus.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const before = parse(
    execFileSync('git', ['show', `${BEFORE_REF}:provisioning/prometheus/rules/recording.generated.yml`], {
      cwd: PROVISIONING_DIR,
      encoding: 'utf8',
    }),
  ) as RuleFile;
  const after = parse(
    readFileSync(join(PROVISIONING_DIR, 'prometheus/rules/recording.generated.yml'), 'utf8'),
  ) as RuleFile;
  const counties = Array.from({ length: Number(option('counties', '18')) }, (_, i) => `ah.c${i % 4}.k${i}`);
  const stations = counties.flatMap((c) =>
    Array.from({ length: Number(option('stations', '6')) }, (_, i) => `${c}.s${i}`),
  );
  const levels = option('levels', 'county').split(',');
  console.log(
    [
      `Raw counters every ${SCRAPE_SECONDS} s for the last ${option('dense', '2h')}, every ${option('interval', '3h')} before, ${option('days', '35')} days.`,
      `¹ projected to ${SCRAPE_SECONDS} s scrapes from reads of raw series older than the dense tail; ≥: time measured on the sparser history, a lower bound.`,
      '',
      '| level | rules | group | interval | samples read | evaluation | of interval |',
      '| ----- | ----- | ----- | -------- | ------------ | ---------- | ----------- |',
    ].join('\n'),
  );
  // each level's rows as soon as they are measured
  if (levels.includes('county')) console.log((await level('county', counties, before, after)).join('\n'));
  if (levels.includes('station')) console.log((await level('station', stations, before, after)).join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
