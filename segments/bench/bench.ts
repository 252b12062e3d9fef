import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../embedded-postgres/src';

/**
 * `npm run bench -w segments -- [work orders, default 1300000]`: seeds the demo at that size
 * (≈ 0.77 customers per work order) into a fresh embedded PostgreSQL, runs the built tool with its
 * defaults and times the emitted view over every customer. Prints one row of the README's table.
 */

const ROOT = join(__dirname, '..', '..');

function node(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [join(ROOT, script), ...args],
      { maxBuffer: 1 << 26 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${script}: ${stderr}`)) : resolve(`${stdout}\n${stderr}`),
    ),
  );
}

async function main(): Promise<void> {
  const workOrders = Number(process.argv[2] ?? 1_300_000);
  const server = await startEmbeddedPostgres();
  const work = await mkdtemp(join(tmpdir(), 'segments-bench-'));
  try {
    await server.createDatabase('bench');
    const url = server.url('bench');
    process.stderr.write(`seeding ${workOrders} work orders…\n`);
    await node('demo/dist/cli/seed.js', ['--database-url', url, '--work-orders', String(workOrders)]);
    process.stderr.write('running segments…\n');
    const output = await node('segments/dist/cli.js', ['--database-url', url, '--out', work]);
    const done = /done in ([\d.]+) s, peak memory (\d+) MiB/.exec(output);
    const proposal = JSON.parse(await readFile(join(work, 'segments.json'), 'utf8')) as {
      customers: number;
      sampleSize: number;
      k: number;
    };

    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query('set search_path to crm');
    await client.query(await readFile(join(work, 'segments.sql'), 'utf8'));
    const started = process.hrtime.bigint();
    await client.query('select segment, count(*) from customer_segments group by segment');
    const viewSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    await client.end();

    process.stdout.write(
      `| ${proposal.customers.toLocaleString('en')} | ${proposal.sampleSize.toLocaleString('en')} | ${proposal.k} ` +
        `| ${done?.[1]} s | ${done?.[2]} MiB | ${viewSeconds.toFixed(1)} s |\n`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
