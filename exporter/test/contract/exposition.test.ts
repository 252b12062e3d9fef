/**
 * The metric types of metrics.md, as the exposition declares them (# TYPE), read with the parser:
 * a dashboard's rate() on a gauge or a counter published as a gauge is a broken contract too.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { createTestDatabase, type TestDatabase } from '../support/db';
import type { TestExporter } from '../support/exporter';
import { T } from '../fixtures/builders';
import { randomDataset } from '../fixtures/random';
import { defaultConfig } from '../reference/config';
import { loadDataset, startExporterFor } from './harness';

const TIMERS_WITH_START = [
  'work_order_closure',
  'repair_arrival',
  'repair_restoration',
  'outage_info_report',
  'restoration_info_report',
  'planned_outage_restoration',
  'connection',
  'call_answer',
  'missed_call_callback',
  'connection_stage',
];

/** metric → type, from the tables of metrics.md */
const DOCUMENTED: Record<string, string> = {
  ...Object.fromEntries(
    [...TIMERS_WITH_START, 'outage_notice'].flatMap((timer) => [
      [`crm_${timer}_due_total`, 'COUNTER'],
      [`crm_${timer}_late_total`, 'COUNTER'],
      [`crm_${timer}_overdue`, 'GAUGE'],
    ]),
  ),
  ...Object.fromEntries(
    TIMERS_WITH_START.flatMap((timer) => [
      [`crm_${timer}_completed_total`, 'COUNTER'],
      [`crm_${timer}_seconds_total`, 'COUNTER'],
    ]),
  ),
  crm_work_orders_accepted_total: 'COUNTER',
  crm_work_orders_cancelled_total: 'COUNTER',
  crm_work_orders_closed_total: 'COUNTER',
  crm_work_orders_closed_returned_total: 'COUNTER',
  crm_work_orders_accepted_by_channel_total: 'COUNTER',
  crm_work_orders_open: 'GAUGE',
  crm_complaints_substantiated_total: 'COUNTER',
  crm_complaints_repeat_total: 'COUNTER',
  crm_customers: 'GAUGE',
  crm_customers_sensitive: 'GAUGE',
  crm_callbacks_total: 'COUNTER',
  crm_callbacks_reached_total: 'COUNTER',
  crm_callbacks_dissatisfied_total: 'COUNTER',
  crm_outages_total: 'COUNTER',
  crm_outage_customers_affected_total: 'COUNTER',
  crm_outages_active: 'GAUGE',
  crm_outage_info_reports_total: 'COUNTER',
  crm_outage_info_reports_invalid_total: 'COUNTER',
  crm_calls_offered_total: 'COUNTER',
  crm_calls_answered_total: 'COUNTER',
  crm_calls_abandoned_total: 'COUNTER',
  crm_arrears_bills: 'GAUGE',
  crm_arrears_amount_yuan: 'GAUGE',
  crm_arrears_bills_total: 'COUNTER',
  crm_arrears_settled_total: 'COUNTER',
  crm_region_info: 'GAUGE',
  crm_exporter_up: 'GAUGE',
  crm_exporter_last_refresh_success_timestamp_seconds: 'GAUGE',
  crm_exporter_refresh_failures_total: 'COUNTER',
  crm_exporter_invalid_rows: 'GAUGE',
  crm_exporter_invalid_rows_total: 'COUNTER',
  crm_exporter_label_overflow_total: 'COUNTER',
  crm_exporter_build_info: 'GAUGE',
};

describe('metric types in the exposition', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase();
    const sizes = { customers: 100, workOrders: 400, callbacks: 100, outages: 150, connections: 100 };
    await loadDataset(db, randomDataset(5, T, { sizes }));
    exporter = await startExporterFor(db, defaultConfig(), T);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('declares every documented metric with its documented type', async () => {
    const families = parsePrometheusTextFormat(await exporter.scrape());
    const declared = Object.fromEntries(families.map((f) => [f.name, f.type]));
    const mismatches = Object.entries(DOCUMENTED)
      .filter(([name, type]) => declared[name] !== type)
      .map(([name, type]) => `${name}: declared ${declared[name] ?? 'nothing'}, documented ${type}`);
    expect(mismatches).toEqual([]);
    const duration = declared.crm_exporter_refresh_duration_seconds;
    expect(['GAUGE', 'HISTOGRAM']).toContain(duration);
  });

  it('puts no personal value or timestamp in the exposition', async () => {
    const text = await exporter.scrape();
    // samples are `name{labels} value` with no trailing timestamp
    const samples = text
      .split('\n')
      .filter((line) => line.startsWith('crm_') && !line.startsWith('crm_exporter_'));
    expect(samples.length).toBeGreaterThan(100);
    expect(samples.filter((line) => /}\s+\S+\s+\S+$/.test(line))).toEqual([]);
    const labelNames = new Set(
      parsePrometheusTextFormat(text)
        .filter((f) => f.name.startsWith('crm_') && !f.name.startsWith('crm_exporter_'))
        .flatMap((f) => f.metrics.flatMap((m) => Object.keys(m.labels ?? {}))),
    );
    const allowed = [
      'region',
      'segment',
      'type',
      'channel',
      'area_class',
      'kind',
      'customer_class',
      'stars',
      'credit_grade',
      'queue',
      'stage',
      'over',
      'outages',
      'name',
      'parent',
      'level',
    ];
    expect([...labelNames].filter((name) => !allowed.includes(name))).toEqual([]);
  });
});
