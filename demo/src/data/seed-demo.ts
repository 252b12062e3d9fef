import type { Knex } from 'knex';
import { RELATIONS } from '@service-kpi-monitor/exporter/contract';
import { withoutSecondaryIndexes } from './bulk';
import { copyRows, openCopySink, type CopySink } from './copy';
import { incidentOutages, incidentSizes, incidentWorkOrders } from './incident';
import type { CallbackRow, WorkOrderRow } from './model';
import { historicalOutages } from './outages';
import { loadCalls, loadWithDependents } from './seed-v2';
import { historicalWorkOrders, type WorkOrderRecord } from './work-orders';
import { createWorld, DEFAULT_SEED, DEFAULT_WORK_ORDERS, startOfHour, type World } from './world';

export interface SeedOptions {
  schema: string;
  /** default 250_000 (2.5 years for ~200k customers); customers etc. scale with it */
  workOrders?: number;
  /** "now" of the data set; default: start of the current UTC hour */
  anchor?: Date;
  /** PRNG seed */
  seed?: number;
  log?: (msg: string, fields?: Record<string, unknown>) => void;
  /** told the rows expected (customers, work orders, outages, connection applications) before loading */
  onStart?: (total: number) => void;
  /** told the rows of those relations loaded so far, every PROGRESS_STEP rows and at the end */
  onProgress?: (rows: number) => void;
}

const PROGRESS_STEP = 5000;

export interface SeedSummary {
  regions: number;
  customers: number;
  workOrders: number;
  outages: number;
  callbacks: number;
  connectionApplications: number;
  calls: number;
  arrears: number;
  outageCustomers: number;
  connectionStages: number;
  seconds: number;
}

/** Every work order of the data set, in id order: the history, then the current incident. */
function* allWorkOrders(world: World): Generator<WorkOrderRecord> {
  const incident = incidentSizes(world.sizes.workOrders);
  const historical = Math.max(0, world.sizes.workOrders - incident.overdueRepairs - incident.backlog);
  yield* historicalWorkOrders(world, historical);
  yield* incidentWorkOrders(world, historical + 1);
}

/** Work-order rows; the callbacks made on them by the anchor go to `callbacks` on the way. */
function* workOrderRows(world: World, callbacks: CopySink): Generator<WorkOrderRow> {
  let id = 0;
  for (const { row, plan } of allWorkOrders(world)) {
    const callback = plan.callback;
    if (callback !== null && row.closed_at !== null && callback.at <= world.anchor) {
      id += 1;
      callbacks.push({
        id,
        work_order_id: row.id,
        called_at: callback.at,
        reached: callback.reached,
        satisfaction: callback.satisfaction,
      } satisfies CallbackRow);
    }
    yield row;
  }
}

function* outageRows(world: World) {
  yield* historicalOutages(world, world.sizes.outages);
  yield* incidentOutages(world, world.sizes.outages + 1);
}

/**
 * Loads the deterministic demo data set into an already migrated, empty schema: same (seed, workOrders,
 * anchor) → same rows. Rows are generated as a stream and COPYed; secondary indexes and foreign keys are
 * rebuilt once at the end.
 */
export async function seedDemo(knex: Knex, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const world = createWorld({
    seed: options.seed ?? DEFAULT_SEED,
    anchor: (options.anchor ?? new Date(startOfHour(Date.now()))).getTime(),
    workOrders: options.workOrders ?? DEFAULT_WORK_ORDERS,
  });
  const { schema } = options;
  log('seeding demo data', { schema, anchor: new Date(world.anchor).toISOString(), ...world.sizes });

  let loaded = 0;
  /** the rows of a relation as they are streamed, counted for the progress report */
  function* counted<T>(rows: Iterable<T>): Generator<T> {
    for (const row of rows) {
      yield row;
      if (++loaded % PROGRESS_STEP === 0) options.onProgress?.(loaded);
    }
  }
  options.onStart?.(
    world.sizes.customers +
      world.sizes.workOrders +
      world.sizes.outages +
      world.sizes.connections +
      world.sizes.calls,
  );
  const timed = async (relation: string, load: () => Promise<number>) => {
    const t0 = performance.now();
    const rows = await load();
    const seconds = (performance.now() - t0) / 1000;
    log('loaded', { relation, rows, seconds: round(seconds), rowsPerSecond: Math.round(rows / seconds) });
    return rows;
  };

  await knex
    .withSchema(schema)
    .table('regions')
    .insert(
      world.regions.regions.map((r) => ({ id: r.id, name: r.name, parent_id: r.parentId, level: r.level })),
    );
  // two or three COPY streams at a time (connections): while server backends store, rows are made;
  // each relation takes the rows that depend on it along (seed-v2.ts), the calls go with the work orders
  const counts = await withoutSecondaryIndexes(knex, schema, async () => {
    const callbackSink = openCopySink(knex, schema, 'callbacks');
    let callbacks = 0;
    const [workOrders, calls] = await Promise.all([
      timed('work_orders', async () => {
        try {
          const rows = await copyRows(
            knex,
            schema,
            'work_orders',
            counted(workOrderRows(world, callbackSink)),
          );
          callbacks = await callbackSink.end();
          return rows;
        } catch (error) {
          callbackSink.fail(error);
          throw error;
        }
      }),
      loadCalls(knex, schema, world, { timed, counted, log }),
    ]);
    log('loaded', { relation: 'callbacks', rows: callbacks, alongside: 'work_orders' });
    const rest = await loadWithDependents(knex, schema, world, { timed, counted, log }, outageRows(world));
    return { workOrders, callbacks, calls, ...rest };
  });
  options.onProgress?.(loaded);
  await knex.raw(`analyze ${RELATIONS.map((r) => `"${schema}"."${r}"`).join(', ')}`);
  const summary = {
    regions: world.regions.regions.length,
    ...counts,
    seconds: round((performance.now() - started) / 1000),
  };
  log('demo data seeded', { ...summary });
  return summary;
}

const round = (x: number) => Math.round(x * 100) / 100;
