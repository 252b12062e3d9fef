import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { timerMetric } from '../src/catalog';
import { EXPORTER_JOB, overdueAlertName } from '../src/rules/alerts';
import { loadTargets, PROVISIONING_DIR } from '../src/slo';
import { committedRules, REPO_DIR } from './support/files';
import { freePort, start, waitFor, type Started } from './support/processes';
import { childRows, inSubtree } from '../src/grafana/regions';
import { analyse, dashboardQueries } from './support/promql';
import { describeWith } from './support/tools';

/**
 * The demo exporter on its embedded PostgreSQL (`npm start`: the demo workspace's entry point), scraped
 * by a real Prometheus that loads the committed rule files unchanged, with 2-second scrapes and evaluations.
 */
const DEMO_MAIN = join(REPO_DIR, 'demo', 'dist', 'main.js');
const RULE_FILES = ['recording.generated.yml', 'alerts.generated.yml'].map((f) =>
  join(PROVISIONING_DIR, 'prometheus', 'rules', f),
);

/**
 * The committed rule files with every group evaluated at the test's 2-second pace: the day-long groups'
 * `interval: 4m` and the hourly group's `1h` would otherwise delay their first evaluation by minutes or
 * an hour. Rules are unchanged; the day-long windows then add up overlapping hourly samples, so their
 * values are checked in promtool (alerts-hourly.test.generated.yml), and here only that they exist.
 */
function fastRuleFiles(dir: string): string[] {
  return RULE_FILES.map((file, i) => {
    const rules = parse(readFileSync(file, 'utf8')) as { groups: { interval?: string }[] };
    for (const group of rules.groups) delete group.interval;
    const copy = join(dir, `rules-${i}.yml`);
    writeFileSync(copy, stringify(rules));
    return copy;
  });
}

/**
 * What the demo data is built to show for days, whatever the hour (demo/src/data/incident.ts): a
 * backlog of work orders open days past their deadline in 南陵. Short-lived breaches (岳西's late crews,
 * which arrive within minutes) are covered by the test that derives its expectations from the gauges.
 */
const DEMO_BREACHES = [
  { alertname: 'WorkOrderClosureOverdue', region: 'ah.wuhu.nanling', severity: 'page' },
  { alertname: 'WorkOrderClosureOverdue', region: 'ah.wuhu.nanling', severity: 'notify' },
];

/** The raw exporter selectors (`crm_…{…}`) each recorded series reads, through the recorded series it reads. */
function rawInputs(rules: ReturnType<typeof committedRules>): Map<string, Set<string>> {
  const exprs = new Map<string, string[]>();
  for (const r of rules) if (r.record) exprs.set(r.record, [...(exprs.get(r.record) ?? []), r.expr]);
  const memo = new Map<string, Set<string>>();
  const of = (record: string): Set<string> => {
    const known = memo.get(record);
    if (known) return known;
    const raw = new Set<string>();
    for (const expr of exprs.get(record) ?? []) {
      for (const { metric } of analyse(expr).selectors)
        if (exprs.has(metric)) for (const m of of(metric)) raw.add(m);
      for (const [selector] of expr.matchAll(/(?<![:\w])crm_\w+(\{[^}]*\})?/g)) raw.add(selector);
    }
    memo.set(record, raw);
    return raw;
  };
  return new Map([...exprs.keys()].map((r) => [r, of(r)]));
}

/** Deadlines for conditions on a busy machine: generous, since a passing test returns as soon as they hold. */
const DEADLINE_MS = 180000;
const TEST_TIMEOUT_MS = DEADLINE_MS + 60000;

interface ApiAnswer<T> {
  status: string;
  data: T;
  error?: string;
}
interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}
interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

describeWith(['prometheus'], 'end to end: demo exporter → Prometheus → rules and alerts', () => {
  let dir: string;
  let exporter: Started;
  let prometheus: Started;
  let api: string;

  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${api}${path}`);
    const body = (await response.json()) as ApiAnswer<T>;
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? response.status}`);
    return body.data;
  }
  const query = (q: string) => get<{ result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(q)}`);

  beforeAll(async () => {
    if (!existsSync(DEMO_MAIN)) {
      execFileSync('npm', ['run', 'build:with-dependencies', '--workspace', 'demo'], {
        cwd: REPO_DIR,
        stdio: 'inherit',
      });
    }
    dir = mkdtempSync(join(tmpdir(), 'skm-e2e-'));
    const [exporterPort, prometheusPort] = [await freePort(), await freePort()];
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(exporterPort),
      LISTEN_ADDRESS: '127.0.0.1',
    };
    delete env.DATABASE_URL; // the embedded demo database
    exporter = start(process.execPath, [DEMO_MAIN], {
      ...env,
      DEMO_WORK_ORDERS: '30000',
      REFRESH_INTERVAL: '5s',
      LOG_LEVEL: 'warn',
    });
    await waitFor('the exporter to be ready', 2 * DEADLINE_MS, async () => {
      if (exporter.child.exitCode !== null) throw new Error(`exporter exited:\n${exporter.log()}`);
      const r = await fetch(`http://127.0.0.1:${exporterPort}/readyz`);
      return r.ok ? true : undefined;
    });

    const config = {
      global: { scrape_interval: '2s', scrape_timeout: '2s', evaluation_interval: '2s' },
      rule_files: fastRuleFiles(dir),
      scrape_configs: [
        { job_name: EXPORTER_JOB, static_configs: [{ targets: [`127.0.0.1:${exporterPort}`] }] },
      ],
    };
    writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
    api = `http://127.0.0.1:${prometheusPort}`;
    prometheus = start(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
      ],
      process.env,
    );
    await waitFor('Prometheus to be ready', DEADLINE_MS, async () => {
      if (prometheus.child.exitCode !== null) throw new Error(`prometheus exited:\n${prometheus.log()}`);
      return (await fetch(`${api}/-/ready`)).ok ? true : undefined;
    });
  }, 3 * DEADLINE_MS);

  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'scrapes the exporter',
    async () => {
      const up = await waitFor('a successful scrape', DEADLINE_MS, async () => {
        const r = await query(`up{job="${EXPORTER_JOB}"} == 1`);
        return r.result.length === 1 ? r.result : undefined;
      });
      expect(up[0]?.metric.job).toBe(EXPORTER_JOB);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'gives every recording rule data',
    async () => {
      // the demo CRM leaves some optional v2 relations and columns empty: a rule whose raw inputs the
      // exporter does not publish (no C or D credit grade, no calls) has nothing to record; every other
      // one must have data
      const inputs = rawInputs(committedRules());
      const published = new Set<string>();
      for (const selector of new Set([...inputs.values()].flatMap((raw) => [...raw]))) {
        if ((await query(`count(${selector})`)).result.length > 0) published.add(selector);
      }
      const recorded = [...inputs].filter(([, raw]) => [...raw].every((m) => published.has(m)));
      expect(recorded.length).toBeGreaterThan(100);
      let missing: string[] = [];
      await waitFor('every recorded series', DEADLINE_MS, async () => {
        const r = await query('count by (__name__) ({__name__=~".+:.+:.+"})');
        const present = new Set(r.result.map((s) => s.metric.__name__));
        missing = recorded.map(([name]) => name).filter((name) => !present.has(name));
        return missing.length === 0 ? true : undefined;
      }).catch(() => undefined);
      expect(missing).toEqual([]);
      // a recorded hourly increase equals the same increase of the raw counters at the rule's evaluation time
      const hourly = 'overall:crm_complaints_accepted:increase_hourly';
      const sample = await waitFor('complaints accepted since Prometheus started', DEADLINE_MS, async () => {
        const r = await get<{ result: { values: [number, string][] }[] }>(
          `/api/v1/query?query=${encodeURIComponent(`${hourly}[10s]`)}`,
        );
        const last = r.result[0]?.values.at(-1);
        return last && Number(last[1]) > 0 ? last : undefined;
      });
      const direct = await get<{ result: Sample[] }>(
        `/api/v1/query?time=${sample[0]}&query=${encodeURIComponent(
          'sum(increase(crm_work_orders_accepted_total{type="complaint"}[1h]))',
        )}`,
      );
      expect(Number(sample[1])).toBeCloseTo(Number(direct.result[0]?.value[1]), 10);
      const customers = await query('overall:crm_customers:sum - sum(crm_customers)');
      expect(Number(customers.result[0]?.value[1])).toBe(0);
    },
    2 * TEST_TIMEOUT_MS,
  );

  it(
    'raises the alerts the demo data is built to trigger (pending or firing)',
    async () => {
      const key = (a: Record<string, string | undefined>) => `${a.alertname} ${a.region} ${a.severity}`;
      let seen: string[] = [];
      await waitFor('the demo breaches to alert', DEADLINE_MS, async () => {
        const { alerts } = await get<{ alerts: Alert[] }>('/api/v1/alerts');
        seen = alerts.map((a) => key(a.labels));
        return DEMO_BREACHES.every((b) => seen.includes(key(b))) ? true : undefined;
      }).catch(() => undefined);
      expect(seen).toEqual(expect.arrayContaining(DEMO_BREACHES.map(key)));
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'raises an overdue alert for every region whose overdue gauges pass a threshold of targets.yml',
    async () => {
      const key = (a: Record<string, string | undefined>) => `${a.alertname} ${a.region} ${a.severity}`;
      let missing: string[] = [];
      await waitFor('every overdue breach to alert', DEADLINE_MS, async () => {
        const expected: string[] = [];
        for (const kpi of loadTargets().kpis) {
          if (!kpi.timer || !kpi.alerts.overdue) continue;
          // summed here from the raw exporter series, not by the rule's expression
          const perRegion = new Map<string, number>();
          for (const s of (await query(timerMetric(kpi.timer, 'overdue').name)).result) {
            const region = s.metric.region as string;
            perRegion.set(region, (perRegion.get(region) ?? 0) + Number(s.value[1]));
          }
          for (const [region, count] of perRegion) {
            for (const o of kpi.alerts.overdue) {
              if (count > o.above)
                expected.push(key({ alertname: overdueAlertName(kpi.timer), region, severity: o.severity }));
            }
          }
        }
        const { alerts } = await get<{ alerts: Alert[] }>('/api/v1/alerts');
        const active = new Set(alerts.map((a) => key(a.labels)));
        missing = expected.filter((e) => !active.has(e));
        return expected.length > 0 && missing.length === 0 ? true : undefined;
      }).catch(() => undefined);
      expect(missing).toEqual([]);
      // the exporter is healthy: none of its own alerts
      const { alerts } = await get<{ alerts: Alert[] }>('/api/v1/alerts');
      expect(alerts.filter((a) => a.labels.component === 'exporter').map((a) => a.labels.alertname)).toEqual(
        [],
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'rolls the demo’s series up the region tree as the drill-down does (sums computed here from raw series)',
    async () => {
      const at = Math.floor(Date.now() / 1000);
      const instant = (q: string) =>
        get<{ result: Sample[] }>(`/api/v1/query?time=${at}&query=${encodeURIComponent(q)}`).then(
          (r) => r.result,
        );
      const parent = new Map(
        (await instant('crm_region_info')).map((s) => [s.metric.region, s.metric.parent]),
      );
      const root = [...parent].find(([, p]) => p === undefined)?.[0] as string;
      const city = [...parent].find(([, p]) => p === root)?.[0] as string;
      const customers = await instant('crm_customers');
      /** the ancestor of `region` directly below `top` (or undefined when `top` is not above it) */
      const below = (region: string, top: string): string | undefined => {
        for (let r: string | undefined = region; r; r = parent.get(r)) if (parent.get(r) === top) return r;
        return undefined;
      };
      const expected = new Map<string, number>();
      for (const s of customers) {
        const row = below(s.metric.region as string, root);
        const key = `${row} ${s.metric.segment}`;
        if (row) expected.set(key, (expected.get(key) ?? 0) + Number(s.value[1]));
      }
      const rows = await instant(childRows('crm_customers', ['segment'], root));
      expect(
        new Map(rows.map((s) => [`${s.metric.region} ${s.metric.segment}`, Number(s.value[1])])),
      ).toEqual(expected);
      expect(new Set(rows.map((s) => s.metric.region)).size).toBeGreaterThan(1); // the cities

      const inCity = customers.filter(
        (s) => below(s.metric.region as string, city) || s.metric.region === city,
      );
      const [sum] = await instant(`sum(${inSubtree('crm_customers', city)})`);
      expect(Number(sum?.value[1])).toBe(inCity.reduce((n, s) => n + Number(s.value[1]), 0));
      expect(inCity.length).toBeGreaterThan(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers every dashboard query without error; the wall shows every nine-rate stat',
    async () => {
      const failures: string[] = [];
      for (const q of dashboardQueries()) {
        await query(q.expr).catch((error: unknown) => failures.push(`${q.where}: ${String(error)}`));
      }
      expect(failures).toEqual([]);
      const wall = dashboardQueries().filter(
        (q) => q.where.startsWith('skm-wall') && q.expr.includes('[30d]'),
      );
      expect(wall).toHaveLength(9);
      for (const q of wall) {
        const r = await query(q.expr);
        expect({ where: q.where, samples: r.result.length }).toEqual({ where: q.where, samples: 1 });
      }
    },
    TEST_TIMEOUT_MS,
  );
});
