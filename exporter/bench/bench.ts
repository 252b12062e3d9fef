/**
 * Refresh and scrape benchmark (not a test): `npm run bench -w exporter -- [--work-orders 1000000,10000000]
 * [--out results.json]`. For each size: a fresh embedded PostgreSQL, the deterministic demo data (seed CLI),
 * ANALYZE, then the exporter as it is (a full count on the first refresh, then incremental refreshes after
 * each batch of changes) against the naive way of generic SQL exporters (a GROUP BY over every row on
 * every scrape). Prints a Markdown table; see bench/README.md.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import knex, { type Knex } from 'knex';
import { loadConfig, type Config } from '../src/config';
import { startEmbeddedPostgres, type EmbeddedServer } from '@service-kpi-monitor/embedded-postgres';
import { kpiFamilies } from '../src/kpi';
import { EXPERIENCE_QUERIES } from '../src/kpi/experience';
import { buildRegionTree, type RegionRow } from '../src/kpi/regions';
import { SOURCES, plausibleUntil } from '../src/kpi/sources';
import { pointInTimeQuery, type QueryBindings } from '../src/kpi/sql';
import { createLogger } from '../src/log';
import { startService, type Service } from '../src/service';

const SCHEMA = 'crm';
const READER = { role: 'bench_reader', password: 'bench' };
/** generous: a full recount of 10M work orders takes minutes */
const TIMEOUT_SECONDS = 30 * 60;
const DURATION_SUM = 'crm_exporter_refresh_duration_seconds_sum';

interface Options {
  sizes: number[];
  out?: string;
  scrapes: number;
  changes: number;
  steadyRuns: number;
  naiveRuns: number;
  /** more regions, more series: `station` roughly doubles the label space */
  regionLevel: string;
}

interface RefreshResult {
  /** wall time of the whole refresh: queries, folding, publishing */
  seconds: number;
  /** sum of the per-family query durations the collection reports */
  databaseSeconds: number;
  byFamily: Record<string, number>;
}

interface SizeResult {
  workOrders: number;
  seedSeconds: number;
  firstRefresh: RefreshResult;
  /** the median (by wall time) of the steady refreshes, each after its own batch of changes */
  steadyRefresh: RefreshResult;
  /** the most a scheduled full recount adds to a refresh: the slowest family of the first refresh */
  recountSeconds: number;
  steadyRefreshSeconds: number[];
  changes: { inserted: number; closed: number };
  /** per scrape: every KPI family's GROUP BY run directly, one statement after the other */
  naiveScrapeSeconds: number;
  naiveByFamily: Record<string, number>;
  scrapes: number;
  /** time to the last byte of an uncompressed scrape, and of a gzip one (not decompressed) */
  scrapeP50Ms: number;
  scrapeP99Ms: number;
  gzipScrapeP50Ms: number;
  gzipScrapeP99Ms: number;
  metricsBytes: number;
  gzipBytes: number;
  series: number;
  /** of the bench process, which hosts the exporter (the seed runs in a child process) */
  rssMiB: number;
  heapUsedMiB: number;
  /** where the rest of the RSS is: V8's heap reserved, and memory outside it (Buffers) */
  heapTotalMiB: number;
  externalMiB: number;
  /** the outage-experience schedule, measured on its own (it is no part of a refresh) */
  experience: ExperienceResult;
  /** 1-minute load average before and after: other work on the machine shows here */
  loadAverage: [before: number, after: number];
}

interface ExperienceResult {
  /** outage_customers rows: the demo's, or those the bench made when the demo had none */
  links: number;
  generatedLinks: boolean;
  /** median over the runs of each experience query's duration */
  experienceSeconds: number;
  invalidCheckSeconds: number;
  runs: number;
}

// ---------------------------------------------------------------- small helpers

const mib = (bytes: number) => bytes / 2 ** 20;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const seconds = (startedMs: number) => (performance.now() - startedMs) / 1000;
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString()}] ${line}\n`);

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      'work-orders': { type: 'string', default: '1000000' },
      out: { type: 'string' },
      scrapes: { type: 'string', default: '500' },
      changes: { type: 'string', default: '1000' },
      'steady-runs': { type: 'string', default: '3' },
      'naive-runs': { type: 'string', default: '3' },
      'region-level': { type: 'string', default: 'county' },
    },
  });
  const sizes = values['work-orders'].split(',').map((s) => Number(s.replace(/_/g, '')));
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 1))
    throw new Error('--work-orders: positive integers');
  return {
    sizes,
    out: values.out,
    scrapes: Number(values.scrapes),
    changes: Number(values.changes),
    steadyRuns: Math.max(1, Number(values['steady-runs'])),
    naiveRuns: Math.max(1, Number(values['naive-runs'])),
    regionLevel: values['region-level'],
  };
}

// ---------------------------------------------------------------- database set-up

/**
 * The demo workspace's seed CLI (built by `prebench`) in a child process, so the seed's memory does not
 * count as the exporter's RSS.
 */
const SEED_CLI = join(__dirname, '..', '..', 'demo', 'dist', 'cli', 'seed.js');
const SCRAPE_CLIENT = join(__dirname, 'scrape-client.ts');

async function seed(server: EmbeddedServer, workOrders: number): Promise<number> {
  const started = performance.now();
  const args = ['--database-url', server.url('bench'), '--work-orders', String(workOrders)];
  const reader = ['--reader-role', READER.role, '--reader-password', READER.password];
  const child = spawn(process.execPath, [SEED_CLI, ...args, ...reader], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`seed failed (${code}): ${stderr}`);
  return seconds(started);
}

/** About `changes` changes: half new open work orders, half open ones closed now. */
async function applyChanges(admin: Knex, changes: number): Promise<{ inserted: number; closed: number }> {
  const wo = `"${SCHEMA}"."work_orders"`;
  const inserted = await admin.raw<{ rowCount: number }>(
    `insert into ${wo} (id, type, channel, customer_id, region_id, segment, area_class, accepted_at,
                        deadline_at, needs_visit)
     select (select max(id) from ${wo}) + row_number() over (order by id), type, channel, customer_id,
            region_id, segment, area_class, now(), now() + (deadline_at - accepted_at), needs_visit
     from (select * from ${wo} order by id desc limit ?) recent`,
    [Math.ceil(changes / 2)],
  );
  const closed = await admin.raw<{ rowCount: number }>(
    `update ${wo} set closed_at = greatest(now(), accepted_at)
     where id in (select id from ${wo} where closed_at is null and cancelled_at is null
                  order by id limit ?)`,
    [Math.floor(changes / 2)],
  );
  return { inserted: inserted.rowCount, closed: closed.rowCount };
}

// ---------------------------------------------------------------- the exporter as it is

async function scrape(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  const body = await response.text();
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return body;
}

/** Cumulative seconds per family from the refresh-duration histogram's _sum series. */
function durationSums(exposition: string): Map<string, number> {
  const sums = new Map<string, number>();
  const pattern = new RegExp(`^${DURATION_SUM}\\{family="([^"]+)"\\} (\\S+)$`, 'gm');
  for (const [, family, value] of exposition.matchAll(pattern)) sums.set(family as string, Number(value));
  return sums;
}

/** One refresh; its per-family database time is the growth of the duration histogram's sums. */
async function measureRefresh(service: Service): Promise<RefreshResult> {
  const before = durationSums(await scrape(service.url));
  await service.refresher.refresh();
  const { problems, lastDurationSeconds } = service.refresher.status;
  if (problems.length) throw new Error(`refresh incomplete: ${problems.join('; ')}`);
  const after = durationSums(await scrape(service.url));
  const byFamily = Object.fromEntries(
    [...after].map(([family, total]) => [family, total - (before.get(family) ?? 0)]),
  );
  return { seconds: lastDurationSeconds ?? NaN, databaseSeconds: sum(Object.values(byFamily)), byFamily };
}

/** `count` sequential scrapes in one encoding, by the scraper process (scrape-client.ts). */
async function scrapesFrom(url: string, count: number, encoding: 'gzip' | 'identity') {
  const bodyFile = join(tmpdir(), `skm-bench-body-${process.pid}-${encoding}`);
  const client = spawn(
    process.execPath,
    ['--import', 'tsx', SCRAPE_CLIENT, url, String(count), encoding, bodyFile],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  client.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => client.on('exit', resolve));
  if (code !== 0) throw new Error(`the scrape client exited with ${code}`);
  const latencies = (JSON.parse(out) as { latencies: number[] }).latencies.sort((a, b) => a - b);
  const body = readFileSync(bodyFile);
  rmSync(bodyFile, { force: true });
  return { body, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
}

async function measureScrapes(url: string, count: number) {
  const plain = await scrapesFrom(url, count, 'identity');
  const gzip = await scrapesFrom(url, count, 'gzip');
  const text = plain.body.toString('utf8');
  const series = text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).length;
  return {
    scrapes: count,
    scrapeP50Ms: plain.p50,
    scrapeP99Ms: plain.p99,
    gzipScrapeP50Ms: gzip.p50,
    gzipScrapeP99Ms: gzip.p99,
    metricsBytes: plain.body.length,
    gzipBytes: gzip.body.length,
    series,
  };
}

function acceptedTotal(exposition: string): number {
  const pattern = /^crm_work_orders_accepted_total\{[^}]*\} (\S+)$/gm;
  return sum([...exposition.matchAll(pattern)].map(([, value]) => Number(value)));
}

/** `runs` times: about `changes` changes, then a refresh. The median run by wall time. */
async function measureSteady(service: Service, admin: Knex, options: Options) {
  const runs: RefreshResult[] = [];
  let changes = { inserted: 0, closed: 0 };
  for (let run = 0; run < options.steadyRuns; run++) {
    const acceptedBefore = acceptedTotal(await scrape(service.url));
    changes = await applyChanges(admin, options.changes);
    runs.push(await measureRefresh(service));
    // every change is visible after the next refresh
    const accepted = acceptedTotal(await scrape(service.url)) - acceptedBefore;
    if (accepted !== changes.inserted)
      throw new Error(`${changes.inserted} work orders inserted, but accepted_total grew by ${accepted}`);
    log(`steady refresh ${run + 1}: ${runs.at(-1)?.seconds.toFixed(1)} s after ${JSON.stringify(changes)}`);
  }
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const steadyRefresh = sorted[Math.floor(sorted.length / 2)] as RefreshResult;
  return { steadyRefresh, steadyRefreshSeconds: runs.map((r) => r.seconds), changes };
}

// ---------------------------------------------------------------- the outage experience

/**
 * Who each outage cut off, when the demo data has no such list: for each outage, up to 100 of the
 * customers of its region (a block starting at a place derived from its id), so the blocks of a
 * station's outages overlap and some customers are cut off three times or more. Written by the
 * bench's superuser connection, never by the exporter.
 */
async function fillOutageCustomers(admin: Knex): Promise<void> {
  await admin.raw(`
    create temporary table numbered as
      select id, region_id, (row_number() over (partition by region_id order by id) - 1)::int as n
      from "${SCHEMA}"."customers"`);
  await admin.raw('create index on numbered (region_id, n)');
  await admin.raw(`
    create temporary table sizes as select region_id, count(*)::int as size from numbered group by region_id`);
  await admin.raw(`
    insert into "${SCHEMA}"."outage_customers" (outage_id, customer_id)
    select o.id, c.id
    from "${SCHEMA}"."outages" o
    join sizes r on r.region_id = o.region_id
    cross join lateral generate_series(0, least(o.affected_customers, 100, r.size) - 1) k
    join numbered c on c.region_id = o.region_id and c.n = ((o.id * 7919) % r.size + k) % r.size`);
  await admin.raw('drop table numbered, sizes');
  await admin.raw(`analyze "${SCHEMA}"."outage_customers"`);
}

/** The experience schedule's queries, `runs` times, timed by the same histogram as the refresh's. */
async function measureExperience(service: Service, admin: Knex, runs: number): Promise<ExperienceResult> {
  const count = async () =>
    Number(
      (await admin.raw<{ rows: { n: string }[] }>(`select count(*) as n from "${SCHEMA}"."outage_customers"`))
        .rows[0]?.n,
    );
  const generatedLinks = (await count()) === 0;
  if (generatedLinks) await fillOutageCustomers(admin);
  const { families, invalid } = EXPERIENCE_QUERIES;
  const experience: number[] = [];
  const check: number[] = [];
  for (let run = 0; run < runs; run++) {
    const before = durationSums(await scrape(service.url));
    await service.refresher.refreshExperience();
    const after = durationSums(await scrape(service.url));
    const grew = (family: string) => (after.get(family) ?? 0) - (before.get(family) ?? 0);
    if (!grew(families)) throw new Error('the outage-experience query did not run');
    experience.push(grew(families));
    check.push(grew(invalid));
    log(
      `outage experience ${run + 1}: ${grew(families).toFixed(2)} s, invalid-row check ${grew(invalid).toFixed(2)} s`,
    );
  }
  return {
    links: await count(),
    generatedLinks,
    experienceSeconds: median(experience),
    invalidCheckSeconds: median(check),
    runs,
  };
}

// ---------------------------------------------------------------- the naive way

/**
 * What a generic SQL exporter does on every scrape: each KPI's GROUP BY, straight on a plain
 * connection (autocommit, no shared snapshot), one after the other. Returns the median of `runs`.
 */
async function measureNaive(readerUrl: string, config: Config, runs: number) {
  const db = knex({ client: 'pg', connection: readerUrl, pool: { min: 1, max: 1 } });
  try {
    await db.raw(`set statement_timeout = ${TIMEOUT_SECONDS * 1000}`);
    const regionRows = await db.raw<{ rows: RegionRow[] }>(
      `select id, name, parent_id, level from "${SCHEMA}"."regions"`,
    );
    const regions = buildRegionTree(regionRows.rows, config.region_level);
    const now = new Date();
    const bindings: QueryBindings = [
      now,
      now,
      null,
      plausibleUntil(now),
      [...regions.labelOf.keys()],
      [...regions.labelOf.values()],
    ];
    const totals: number[] = [];
    const byFamily: Record<string, number[]> = {};
    for (let run = 0; run < runs; run++) {
      // the outage-experience query is the same either way: measured on its own (measureExperience)
      for (const family of kpiFamilies(config).filter((f) => !SOURCES[f.source].schedule)) {
        const started = performance.now();
        await db.raw(pointInTimeQuery(family, SCHEMA), bindings);
        (byFamily[family.name] ??= []).push(seconds(started));
      }
      totals.push(sum(Object.values(byFamily).map((xs) => xs[run] ?? 0)));
    }
    const medians = Object.fromEntries(Object.entries(byFamily).map(([name, xs]) => [name, median(xs)]));
    return { naiveScrapeSeconds: median(totals), naiveByFamily: medians };
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------- one size

async function benchSize(workOrders: number, options: Options): Promise<SizeResult> {
  const loadBefore = loadavg()[0] as number;
  const server = await startEmbeddedPostgres();
  const admin = knex({ client: 'pg', connection: server.url('bench'), pool: { min: 0, max: 1 } });
  let service: Service | undefined;
  try {
    await server.createDatabase('bench');
    log(`${workOrders.toLocaleString('en')} work orders: seeding`);
    const seedSeconds = await seed(server, workOrders);
    await admin.raw('analyze');
    const readerUrl = server.url('bench').replace('postgres:embedded@', `${READER.role}:${READER.password}@`);
    const config = loadConfig(
      {},
      {
        port: 0,
        listen_address: '127.0.0.1',
        statement_timeout: TIMEOUT_SECONDS,
        refresh_timeout: TIMEOUT_SECONDS,
        http_requests_per_minute: 10_000_000,
        region_level: options.regionLevel,
      },
    );
    const silent = createLogger('silent');
    service = await startService({
      config,
      databaseUrl: readerUrl,
      log: silent,
      mode: 'database',
      background: false,
    });
    log(`seeded in ${seedSeconds.toFixed(1)} s; first refresh`);
    const firstRefresh = await measureRefresh(service);
    log(`first refresh ${firstRefresh.seconds.toFixed(1)} s`);
    const steady = await measureSteady(service, admin, options);
    log(`${options.scrapes} scrapes`);
    const scrapes = await measureScrapes(service.url, options.scrapes);
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    log(`outage experience, ${options.steadyRuns} runs`);
    const experience = await measureExperience(service, admin, options.steadyRuns);
    log(`naive GROUP BY per scrape, ${options.naiveRuns} runs`);
    const naive = await measureNaive(readerUrl, config, options.naiveRuns);
    return {
      workOrders,
      seedSeconds,
      firstRefresh,
      recountSeconds: Math.max(...Object.values(firstRefresh.byFamily)),
      ...steady,
      ...naive,
      ...scrapes,
      experience,
      rssMiB: mib(memory.rss),
      heapUsedMiB: mib(memory.heapUsed),
      heapTotalMiB: mib(memory.heapTotal),
      externalMiB: mib(memory.external),
      loadAverage: [loadBefore, loadavg()[0] as number],
    };
  } finally {
    await service?.stop();
    await admin.destroy();
    await server.stop();
  }
}

// ---------------------------------------------------------------- report

async function postgresVersion(): Promise<string> {
  const server = await startEmbeddedPostgres();
  const db = knex({ client: 'pg', connection: server.url('postgres'), pool: { min: 0, max: 1 } });
  try {
    const { rows } = await db.raw<{ rows: { server_version: string }[] }>('show server_version');
    return rows[0]?.server_version ?? 'unknown';
  } finally {
    await db.destroy();
    await server.stop();
  }
}

function machineLine(pgVersion: string): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown CPU';
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  return (
    `Machine: ${model}, ${cpus().length} cores, ${gib} GiB RAM; embedded PostgreSQL ${pgVersion}; ` +
    `Node ${process.version}.`
  );
}

function slowestFamily(byFamily: Record<string, number>): string {
  const [name, s] = Object.entries(byFamily).sort(([, a], [, b]) => b - a)[0] ?? ['-', 0];
  return `${name} ${s.toFixed(1)} s`;
}

function table(results: SizeResult[]): string {
  const header =
    '| work orders | first refresh | steady refresh (1k changes) | DB time per refresh | naive GROUP BY per scrape ' +
    '| refresh with a scheduled recount | scrape p50 / p99 | gzip scrape p50 / p99 | /metrics size, gzip | series | exporter RSS |\n' +
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map((r) =>
    [
      r.workOrders.toLocaleString('en'),
      `${r.firstRefresh.seconds.toFixed(1)} s`,
      `${r.steadyRefresh.seconds.toFixed(2)} s`,
      `${r.steadyRefresh.databaseSeconds.toFixed(2)} s`,
      `${r.naiveScrapeSeconds.toFixed(1)} s`,
      `+${r.recountSeconds.toFixed(1)} s`,
      `${r.scrapeP50Ms.toFixed(1)} / ${r.scrapeP99Ms.toFixed(1)} ms`,
      `${r.gzipScrapeP50Ms.toFixed(1)} / ${r.gzipScrapeP99Ms.toFixed(1)} ms`,
      `${(r.metricsBytes / 1024).toFixed(0)} KiB, ${(r.gzipBytes / 1024).toFixed(0)} KiB (1/${(r.metricsBytes / r.gzipBytes).toFixed(1)})`,
      r.series.toLocaleString('en'),
      `${r.rssMiB.toFixed(0)} MiB`,
    ].join(' | '),
  );
  return [header, ...rows.map((row) => `| ${row} |`)].join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const machine = machineLine(await postgresVersion());
  const results: SizeResult[] = [];
  for (const size of options.sizes) {
    results.push(await benchSize(size, options));
    log(`done: ${JSON.stringify(results.at(-1))}`);
  }
  process.stdout.write(`${table(results)}\n\n${machine}\n`);
  for (const r of results) {
    process.stdout.write(
      `${r.workOrders.toLocaleString('en')}: slowest family in the steady refresh ` +
        `${slowestFamily(r.steadyRefresh.byFamily)}; naive ${slowestFamily(r.naiveByFamily)}\n` +
        `${r.workOrders.toLocaleString('en')}: outage experience over ${r.experience.links.toLocaleString('en')} ` +
        `outage_customers rows${r.experience.generatedLinks ? ' (made by the bench)' : ''}: ` +
        `${r.experience.experienceSeconds.toFixed(2)} s, invalid-row check ${r.experience.invalidCheckSeconds.toFixed(2)} s ` +
        `(median of ${r.experience.runs}), every experience_interval\n`,
    );
  }
  if (options.out) writeFileSync(options.out, `${JSON.stringify({ machine, results }, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
