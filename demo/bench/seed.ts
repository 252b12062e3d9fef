/**
 * Seed benchmark (not a test): `npm run bench:seed -w exporter -- [work-orders …]` loads each size into a
 * fresh embedded PostgreSQL through the real CLI path and prints seconds and rows per second.
 * Results are recorded in the seed's section of the README; they depend on the machine and its load.
 */
import { runSeedCli } from '../src/cli/seed';
import { startEmbeddedPostgres } from '@service-kpi-monitor/embedded-postgres';

async function bench(workOrders: number): Promise<void> {
  const server = await startEmbeddedPostgres();
  try {
    await server.createDatabase('bench');
    const lines: string[] = [];
    const started = performance.now();
    const code = await runSeedCli(
      ['--database-url', server.url('bench'), '--work-orders', String(workOrders)],
      {
        out: (line) => lines.push(line),
        err: (line) => lines.push(line),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    if (code !== 0) throw new Error(lines.join('\n'));
    const summary = lines.find((line) => line.startsWith('demo data seeded')) ?? '';
    const fields = JSON.parse(summary.slice(summary.indexOf('{'))) as Record<string, number>;
    const rows = [
      'customers',
      'workOrders',
      'callbacks',
      'outages',
      'connectionApplications',
      'calls',
      'arrears',
      'outageCustomers',
      'connectionStages',
    ].reduce((sum, key) => sum + (fields[key] ?? 0), fields.regions ?? 0);
    process.stdout.write(
      `| ${workOrders.toLocaleString('en')} | ${rows.toLocaleString('en')} | ${seconds.toFixed(1)} | ${Math.round(rows / seconds).toLocaleString('en')} |\n`,
    );
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  process.stdout.write('| work orders | rows in all relations | seconds | rows/s |\n|---:|---:|---:|---:|\n');
  for (const size of sizes.length > 0 ? sizes : [250_000, 1_000_000]) await bench(size);
}

void main();
