/**
 * A few thousand seeded random rows, full of ties and edges, read by the real exporter through the
 * read-only role; every KPI series it publishes must equal the naive reference's, and no series may
 * be missing, under the default settings and under other label levels and limits.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import knex from 'knex';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { T } from '../fixtures/builders';
import { randomDataset } from '../fixtures/random';
import { defaultConfig, type NaiveConfig } from '../reference/config';
import { computeNaive } from '../reference/naive';
import type { Dataset } from '../reference/rows';
import { differences, kpiSeries, loadDataset, scrapeAll, startExporterFor } from './harness';

// CONTRACT_SEED=<n> replays another data set (a failure prints the seed in the test name)
const SEED = Number(process.env.CONTRACT_SEED ?? 20260301);

const CONFIGS: [string, NaiveConfig][] = [
  ['defaults (county level)', defaultConfig()],
  [
    'city level, other limits, 1-star threshold',
    {
      ...defaultConfig(),
      regionLevel: 'city',
      sensitiveMinStars: 1,
      limits: {
        repairArrival: { urban: 30 * 60, rural: 60 * 60, remote: 90 * 60 },
        repairRestoration: { urban: 2 * 3600, rural: 5 * 3600, remote: 6 * 3600 },
        outageNoticeLead: {
          planned: 3 * 86400,
          temporary: 12 * 3600,
          load_shedding: 6 * 3600,
          breach: 5 * 86400,
          arrears: 86400,
        },
        outageInfoReport: {
          planned: 600,
          temporary: 300,
          fault: 1800,
          load_shedding: 120,
          breach: 60,
          arrears: 900,
        },
        restorationInfoReport: 1800,
        longOutage: 2 * 3600,
        callAnswer: 30,
        missedCallCallback: 4 * 3600,
      },
      arrearsOverDays: [0, 7, 45],
      // the outages span ten days: a window of two puts many right on its edge
      experienceWindow: 2 * 86400,
    },
  ],
  ['station level', { ...defaultConfig(), regionLevel: 'station' }],
  ['grid level', { ...defaultConfig(), regionLevel: 'grid' }],
  ['province level', { ...defaultConfig(), regionLevel: 'province' }],
];

describe(`randomized data (seed ${SEED}) against the naive reference`, () => {
  let db: TestDatabase;
  let data: Dataset;

  beforeAll(async () => {
    db = await createTestDatabase();
    data = randomDataset(SEED, T);
    await loadDataset(db, data);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('reads through a role that cannot write', async () => {
    const reader = knex({ client: 'pg', connection: db.readerUrl, pool: { min: 0, max: 1 } });
    try {
      await expect(reader.withSchema(db.schema).table('regions').count({ n: '*' })).resolves.toEqual([
        { n: String(data.regions.length) },
      ]);
      await expect(
        reader
          .withSchema(db.schema)
          .table('regions')
          .insert({ id: 'x', name: 'x', parent_id: null, level: 'province' }),
      ).rejects.toThrow(/read-only|permission denied/);
    } finally {
      await reader.destroy();
    }
  });

  it('runs on the server it was pointed at', async () => {
    const { rows } = await db.admin.raw<{ rows: { server_version_num: string }[] }>(
      'show server_version_num',
    );
    const major = Math.floor(Number(rows[0]?.server_version_num) / 10000);
    const binDir = process.env.TEST_PG_BIN_DIR;
    expect(major).toBeGreaterThanOrEqual(12); // the oldest server the contract supports
    if (binDir) {
      // the server started from TEST_PG_BIN_DIR, not the embedded one
      const version = execFileSync(join(binDir, 'postgres'), ['--version']).toString();
      expect(major).toBe(Number(/\(PostgreSQL\) (\d+)/.exec(version)?.[1]));
    }
  });

  it.each(CONFIGS)('publishes the same series and values as the reference: %s', async (_, config) => {
    const exporter = await startExporterFor(db, config, T);
    try {
      const published = kpiSeries(await scrapeAll(exporter));
      const expected = computeNaive(data, T, config).series;
      expect(expected.size).toBeGreaterThan(500);
      expect(differences(published, expected)).toEqual([]);
    } finally {
      await exporter.stop();
    }
  });
});

describe('randomized data with more segments and channels than the caps allow', () => {
  // 11 common segments + `unknown` (anonymous callers) = 12 kept; 12 common channels kept; the rare
  // values (a handful of rows each, against hundreds) fold into `other`
  const segments = {
    common: [
      ...['residential', 'commercial', 'industrial', 'key_account', 'public_service', 'agricultural'],
      ...['education', 'healthcare', 'government', 'transport', 'telecom'],
    ],
    rare: ['temporary_site', 'street_lighting', 'charging_station'],
  };
  const channels = {
    common: [
      ...['hotline', 'online', 'app', 'wechat', 'counter', 'sms'],
      ...['email', 'alipay', 'weibo', 'website', 'kiosk', 'field'],
    ],
    rare: ['fax', 'letter'],
  };
  let db: TestDatabase;
  let data: Dataset;

  beforeAll(async () => {
    db = await createTestDatabase();
    data = randomDataset(SEED + 1, T, { segments, channels });
    await loadDataset(db, data);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('folds the rare values into other and publishes the rest like the reference', async () => {
    const exporter = await startExporterFor(db, defaultConfig(), T);
    try {
      const published = kpiSeries(await scrapeAll(exporter));
      const expected = computeNaive(data, T, defaultConfig()).series;
      const rareInData = data.customers.filter((c) => segments.rare.includes(c.segment)).length;
      expect(rareInData).toBeGreaterThan(0);
      expect([...expected.keys()].some((key) => key.includes('segment="other"'))).toBe(true);
      expect([...expected.keys()].some((key) => key.includes('channel="other"'))).toBe(true);
      expect(differences(published, expected)).toEqual([]);
    } finally {
      await exporter.stop();
    }
  });
});
