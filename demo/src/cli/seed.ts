import { Command, InvalidArgumentError, Option } from 'commander';
import { progressBar, progressLines, type Progress } from './progress';
import knex, { type Knex } from 'knex';
import { describeDatabase, RELATIONS, migrateContract } from '@service-kpi-monitor/exporter/contract';
import { grantReader, seedDemo, startDemoTicker } from '../data';
import { DEFAULT_SEED, DEFAULT_WORK_ORDERS } from '../data/world';

/**
 * `npm run seed -- --database-url URL [--work-orders N]`: creates the contract schema in any PostgreSQL
 * and loads the deterministic demo data (what docker-compose uses), optionally with a read-only role.
 */
interface SeedCliOptions {
  databaseUrl: string;
  schema: string;
  workOrders: number;
  seed: number;
  /** "now" of the data set: default the start of the current hour */
  anchor?: Date;
  readerRole?: string;
  readerPassword?: string;
  drop: boolean;
  /** a schema already holding rows is left as it is, and that is success (compose seeds once) */
  ifEmpty: boolean;
  /** `--tick` alone: true */
  tick?: number | true;
  /** keep an already seeded schema moving, load nothing */
  tickOnly?: boolean;
}

export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
  /** with --tick: resolves when the ticker should stop (the process waits for SIGINT/SIGTERM) */
  untilInterrupted?: () => Promise<void>;
  /** how loading shows its progress; default: structured lines on err every 5 s */
  progress?: Progress;
}

class UsageError extends Error {}

function positiveInteger(value: string): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError('expected an integer 0…4294967295');
  return n;
}

function pastTime(value: string): Date {
  const t = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(t.getTime()))
    throw new InvalidArgumentError('expected an ISO 8601 time, e.g. 2026-06-01T08:00:00Z');
  if (t.getTime() > Date.now()) throw new InvalidArgumentError('expected a time that has passed');
  return t;
}

function program(io: CliOutput): Command {
  return new Command('seed')
    .description('Create the CRM contract schema and load deterministic demo data into a PostgreSQL database')
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL URL of the target database')
        .env('DATABASE_URL')
        .makeOptionMandatory(),
    )
    .option('--schema <name>', 'schema to create and fill', 'crm')
    .option(
      '--work-orders <n>',
      'work orders to generate (customers, outages… scale with it)',
      positiveInteger,
      DEFAULT_WORK_ORDERS,
    )
    .option(
      '--seed <n>',
      'random seed: the same seed and size give the same data',
      nonNegativeInteger,
      DEFAULT_SEED,
    )
    .addOption(
      new Option(
        '--anchor <time>',
        '"now" of the data (ISO 8601, rounded down to the hour; default: this hour): the same seed, size and anchor give the same rows',
      )
        .argParser(pastTime)
        .conflicts(['tick', 'tickOnly']),
    )
    .option('--reader-role <name>', 'create or refresh a role with SELECT on the contract relations only')
    .addOption(new Option('--reader-password <password>', 'password of --reader-role').env('READER_PASSWORD'))
    .option(
      '--drop',
      'drop and recreate the schema first (without it, a schema holding rows is refused)',
      false,
    )
    .option(
      '--if-empty',
      'seed only a schema without rows; one that holds rows is left as it is (exit 0)',
      false,
    )
    .option(
      '--tick [ms]',
      'after loading, keep the data moving (new orders, progress) every ms (default 5000) until interrupted',
      (value: string) => positiveInteger(value),
    )
    .option(
      '--tick-only',
      'load nothing: keep the data of an already seeded schema moving (with --tick [ms])',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
}

/** Rows already in the contract relations of `schema`, by relation (relations that do not exist: none). */
async function existingRows(db: Knex, schema: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const relation of RELATIONS) {
    const { rows } = await db.raw<{ rows: { exists: boolean }[] }>(
      'select to_regclass(?) is not null as exists',
      [`"${schema.replace(/"/g, '""')}"."${relation}"`],
    );
    if (!rows[0]?.exists) continue;
    const count = await db.withSchema(schema).table(relation).count({ n: '*' }).first();
    const n = Number((count as { n: string | number } | undefined)?.n ?? 0);
    if (n > 0) found[relation] = n;
  }
  return found;
}

async function seed(options: SeedCliOptions, io: CliOutput): Promise<void> {
  const target = describeDatabase(options.databaseUrl);
  const db = knex({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 4 } });
  try {
    if (options.tickOnly) {
      if (Object.keys(await existingRows(db, options.schema)).length === 0) {
        throw new UsageError(
          `schema "${options.schema}" in ${target} holds no demo data to keep moving: seed it first`,
        );
      }
      await keepTicking(db, options, io);
      return;
    }
    if (options.drop) {
      io.err(`dropping schema ${options.schema} in ${target}`);
      await db.raw('drop schema if exists ?? cascade', [options.schema]);
    } else {
      const rows = await existingRows(db, options.schema);
      if (Object.keys(rows).length > 0 && options.ifEmpty) {
        io.out(`schema ${options.schema} in ${target} already holds rows: left as it is (--if-empty)`);
        return;
      }
      if (Object.keys(rows).length > 0) {
        const list = Object.entries(rows)
          .map(([r, n]) => `${r}: ${n}`)
          .join(', ');
        throw new UsageError(
          `schema "${options.schema}" in ${target} already holds rows (${list}); use --drop to replace it`,
        );
      }
    }
    await migrateContract(db, { schema: options.schema });
    const progress = io.progress ?? progressLines(io.err);
    const summary = await seedDemo(db, {
      schema: options.schema,
      workOrders: options.workOrders,
      seed: options.seed,
      anchor: options.anchor,
      log: (msg, fields) => io.err(`${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}`),
      onStart: (total) => progress.start(total),
      onProgress: (rows) => progress.update(rows),
    });
    progress.stop();
    if (options.readerRole && options.readerPassword) {
      await grantReader(db, {
        schema: options.schema,
        role: options.readerRole,
        password: options.readerPassword,
      });
      io.err(`role ${options.readerRole} can read schema ${options.schema} (read-only)`);
    }
    io.out(
      `seeded ${target} schema ${options.schema}: ` +
        `${summary.regions} regions, ${summary.customers} customers, ${summary.workOrders} work orders, ` +
        `${summary.callbacks} callbacks, ${summary.outages} outages, ${summary.connectionApplications} connection applications ` +
        `in ${summary.seconds} s`,
    );
    if (options.tick !== undefined) await keepTicking(db, options, io);
  } finally {
    await db.destroy();
  }
}

/** The demo ticker on the seeded data (same seed), until interrupted. */
async function keepTicking(db: Knex, options: SeedCliOptions, io: CliOutput): Promise<void> {
  const intervalMs = options.tick === true || options.tick === undefined ? 5000 : options.tick;
  io.err(`keeping the demo data moving every ${intervalMs} ms (Ctrl-C stops)`);
  const ticker = startDemoTicker(db, {
    schema: options.schema,
    seed: options.seed,
    intervalMs,
    log: (msg, fields) => {
      if (msg !== 'demo tick') io.err(`${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
    },
  });
  await (io.untilInterrupted ?? (() => new Promise<void>(() => undefined)))();
  await ticker.stop();
  io.err('ticker stopped');
}

/** Runs the command; resolves to the process exit code. Never prints the URL's password. */
export async function runSeedCli(argv: string[], io: CliOutput): Promise<number> {
  const command = program(io);
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const options = command.opts<SeedCliOptions>();
  if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    io.err('seed: --database-url (or DATABASE_URL) must be a postgres:// or postgresql:// URL');
    return 2;
  }
  if (options.readerRole && !options.readerPassword) {
    io.err('seed: --reader-role needs --reader-password (or READER_PASSWORD)');
    return 2;
  }
  try {
    await seed(options, io);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`seed: ${redact(message, options.databaseUrl)}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** Driver errors may echo the connection string: mask its password. */
function redact(message: string, url: string): string {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password ? message.split(password).join('***') : message;
  } catch {
    return message;
  }
}

const progressLine = (line: string) => process.stderr.write(`${line}\n`);

if (require.main === module) {
  runSeedCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    progress: process.stderr.isTTY ? progressBar(process.stderr) : progressLines(progressLine),
    untilInterrupted: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
