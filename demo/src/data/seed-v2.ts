import type { Knex } from 'knex';
import type { RelationName } from '@service-kpi-monitor/exporter/contract';
import { arrearsOf } from './arrears';
import { historicalCalls } from './calls';
import { connectionAt, historicalConnectionBases, planConnection } from './connections';
import { copyRows, openCopySink, type CopySink } from './copy';
import { customerRows } from './customers';
import type { OutageRow } from './model';
import { weakLineOutages, withCustomers } from './outage-customers';
import { Population } from './population';
import { planStages, stagesAt } from './stages';
import type { World } from './world';

export interface Loading {
  timed: (relation: string, load: () => Promise<number>) => Promise<number>;
  counted: <T>(rows: Iterable<T>) => Generator<T>;
  log: (msg: string, fields?: Record<string, unknown>) => void;
}

/**
 * COPYs `relation` while its dependent rows go to `dependent` on a second connection (as callbacks go
 * with work orders): two connections, one generation pass.
 */
async function copyWithDependents(
  knex: Knex,
  schema: string,
  loading: Loading,
  relation: RelationName,
  dependent: RelationName,
  rows: (sink: CopySink) => Iterable<object>,
): Promise<[number, number]> {
  const sink = openCopySink(knex, schema, dependent);
  let dependents = 0;
  const main = await loading.timed(relation, async () => {
    try {
      const n = await copyRows(knex, schema, relation, loading.counted(rows(sink)));
      dependents = await sink.end();
      return n;
    } catch (error) {
      sink.fail(error);
      throw error;
    }
  });
  loading.log('loaded', { relation: dependent, rows: dependents, alongside: relation });
  return [main, dependents];
}

/** Every outage — the history, the incident, the weak lines' faults — with the accounts it cut off. */
function* outagesWithCustomers(
  world: World,
  population: Population,
  outages: Iterable<OutageRow>,
  sink: CopySink,
): Generator<OutageRow> {
  const push = (row: object) => sink.push(row);
  let lastId = 0;
  for (const row of outages) {
    lastId = row.id;
    yield withCustomers(world, population, row, row.affected_customers, push);
  }
  for (const { row } of weakLineOutages(world, lastId + 1))
    yield withCustomers(world, population, row, row.affected_customers, push);
}

/** The hotline calls: loaded alongside the work orders, on a connection of their own. */
export async function loadCalls(knex: Knex, schema: string, world: World, loading: Loading): Promise<number> {
  return loading.timed('calls', () =>
    copyRows(knex, schema, 'calls', loading.counted(historicalCalls(world))),
  );
}

/**
 * After the work orders, two connections at a time: the accounts with their bills in arrears, the
 * new-connection applications with their stages, then the outages with the accounts they cut off
 * (recorded in a Population while the accounts went by).
 */
export async function loadWithDependents(
  knex: Knex,
  schema: string,
  world: World,
  loading: Loading,
  outages: Iterable<OutageRow>,
) {
  const population = new Population(world);
  let billId = 0;
  const [customers, arrears] = await copyWithDependents(
    knex,
    schema,
    loading,
    'customers',
    'arrears',
    (sink) =>
      (function* () {
        for (const customer of customerRows(world)) {
          population.record(customer);
          for (const bill of arrearsOf(world, customer, () => ++billId)) sink.push(bill);
          yield customer;
        }
      })(),
  );
  const [connectionApplications, connectionStages] = await copyWithDependents(
    knex,
    schema,
    loading,
    'connection_applications',
    'connection_stages',
    (sink) =>
      (function* () {
        for (const basis of historicalConnectionBases(world, world.sizes.connections)) {
          const plan = planConnection(world.seed, basis);
          for (const stage of stagesAt(basis, plan, planStages(world.seed, basis, plan), world.anchor))
            sink.push(stage);
          yield connectionAt(basis, plan, world.anchor);
        }
      })(),
  );
  const [outageCount, outageCustomers] = await copyWithDependents(
    knex,
    schema,
    loading,
    'outages',
    'outage_customers',
    (sink) => outagesWithCustomers(world, population, outages, sink),
  );
  return {
    customers,
    arrears,
    outages: outageCount,
    outageCustomers,
    connectionApplications,
    connectionStages,
  };
}
