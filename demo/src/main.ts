import { EmbeddedPostgresError } from '@service-kpi-monitor/embedded-postgres';
import { ConfigError, runExporter } from '@service-kpi-monitor/exporter';
import { startDemoDatabase } from './demo-database';

function demoWorkOrders(): number | undefined {
  const text = process.env.DEMO_WORK_ORDERS;
  if (!text) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1000) {
    throw new ConfigError(
      `DEMO_WORK_ORDERS: expected a whole number of at least 1000, got ${JSON.stringify(text)}`,
    );
  }
  return n;
}

/**
 * `npm start`: without DATABASE_URL, the exporter on the demo's embedded PostgreSQL; with it, the
 * exporter alone, reading that CRM database read-only and seeding nothing.
 */
let workOrders: number | undefined;
runExporter({
  check() {
    workOrders = demoWorkOrders();
  },
  start: (config, log) => startDemoDatabase(config, log, { workOrders }),
  toldInOneLine: (error) => error instanceof EmbeddedPostgresError,
});
