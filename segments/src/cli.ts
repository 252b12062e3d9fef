import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError, Option } from 'commander';
import { MAX_GROUPS } from './cluster';
import { propose, proposalView, type Progress, type Proposal } from './propose';
import { openCrm } from './read';
import { reportHtml } from './report';

/**
 * `npm run segments -- --database-url URL [--schema crm] [--max-k 7] [--sample N] [--out DIR]`:
 * proposes customer groups from service experience and writes segments.json, segments.sql and
 * report.html. Reads the CRM read-only.
 */

/** Not `./segments`: that is this workspace's folder at the repository root. */
export const DEFAULT_OUT = 'segments-out';

interface CliOptions {
  databaseUrl: string;
  schema: string;
  maxK: number;
  sample: number;
  out: string;
  seed: number;
  windowMonths: number;
  minShare: number;
  maxShare: number;
  runs: number;
  selectionSample: number;
  silhouetteSample: number;
  statementTimeout: number;
  asOf?: string;
}

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** where progress goes: a bar on a terminal, a line every few seconds otherwise */
  progressStream: NodeJS.WritableStream;
  /** relative --out paths are resolved against this (npm runs the script in the workspace folder) */
  cwd: string;
}

class UsageError extends Error {}

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value.replace(/_/g, ''));
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected an integer ${min}…${max}`);
    return n;
  };
}

function share(value: string): number {
  const n = Number(value.replace(/%$/, '')) / (value.endsWith('%') ? 100 : 1);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a share 0…1 or 0…100%');
  return n;
}

function pastDay(value: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const t = day ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : NaN;
  if (!day || Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value)
    throw new InvalidArgumentError('expected a day as YYYY-MM-DD, e.g. 2026-06-01');
  if (t > Date.now()) throw new InvalidArgumentError('expected a day that has begun');
  return value;
}

function program(io: CliIo): Command {
  return new Command('segments')
    .description(
      'Propose customer segments from service experience and a view that assigns them inside the CRM',
    )
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL URL of the CRM database (read only)')
        .env('DATABASE_URL')
        .makeOptionMandatory(),
    )
    .option('--schema <name>', 'schema holding the contract relations', 'crm')
    .option('--max-k <k>', `most groups to propose, 2…${MAX_GROUPS}`, integer(2, MAX_GROUPS), MAX_GROUPS)
    .option('--sample <n>', 'customers the model is fitted on, chosen at random', integer(10, 1e8), 200_000)
    .option('--out <dir>', 'directory for segments.json, segments.sql and report.html', DEFAULT_OUT)
    .option(
      '--seed <n>',
      'random seed: the same data and seed give the same groups',
      integer(0, 2 ** 31 - 1),
      1,
    )
    .option('--window-months <n>', 'trailing window the features count over', integer(1, 120), 12)
    .option('--min-share <share>', 'smallest group allowed, e.g. 0.05 or 5%', share, 0.05)
    .option('--max-share <share>', 'largest group allowed', share, 0.45)
    .option('--runs <n>', 'k-means++ runs per k (the best is kept)', integer(1, 50), 3)
    .option('--selection-sample <n>', 'customers k is chosen on', integer(100, 1e7), 20_000)
    .option('--silhouette-sample <n>', 'customers the silhouette is computed on', integer(100, 20_000), 2_000)
    .option('--statement-timeout <seconds>', 'longest a single query may run', integer(1, 86_400), 1_800)
    .option(
      '--as-of <day>',
      'YYYY-MM-DD: features as of that day instead of today, kept by the view (the same result on any later day)',
      pastDay,
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
}

function progressOf(io: CliIo): Progress & { stop(): void } {
  const bar = new SingleBar({
    stream: io.progressStream,
    format: 'k-means runs [{bar}] {value}/{total} {percentage}% · {duration_formatted}',
    noTTYOutput: true,
    notTTYSchedule: 5000,
    hideCursor: true,
  });
  let started = false;
  return {
    stage: (message) => io.err(message),
    run(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.setTotal(Math.max(total, done));
      bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

export async function writeOutputs(dir: string, proposal: Proposal): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ['segments.json', `${JSON.stringify(proposal, null, 2)}\n`],
    ['segments.sql', proposalView(proposal)],
    ['report.html', reportHtml(proposal)],
  ];
  for (const [name, text] of files) await writeFile(join(dir, name), text);
  return files.map(([name]) => join(dir, name));
}

/** Runs the command; resolves to the process exit code (2: bad arguments). Never prints the password. */
export async function runSegmentsCli(argv: string[], io: CliIo): Promise<number> {
  const command = program(io);
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    return (error as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
  const options = command.opts<CliOptions>();
  try {
    if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) {
      throw new UsageError('--database-url (or DATABASE_URL) must be a postgres:// or postgresql:// URL');
    }
    const feasible = (k: number) => k * options.minShare <= 1 && k * options.maxShare >= 1;
    if (!Array.from({ length: options.maxK - 1 }, (_, i) => i + 2).some(feasible)) {
      throw new UsageError(
        `no k in 2…${options.maxK} can have every group within --min-share ${options.minShare} and --max-share ${options.maxShare}`,
      );
    }
    const started = process.hrtime.bigint();
    const out = isAbsolute(options.out) ? options.out : resolve(io.cwd, options.out);
    const crm = await openCrm({
      databaseUrl: options.databaseUrl,
      schema: options.schema,
      statementTimeoutSeconds: options.statementTimeout,
      asOfDay: options.asOf,
    });
    const progress = progressOf(io);
    let proposal: Proposal;
    try {
      proposal = await propose(
        crm,
        {
          schema: options.schema,
          windowMonths: options.windowMonths,
          maxK: options.maxK,
          sampleSize: options.sample,
          seed: options.seed,
          balance: { minShare: options.minShare, maxShare: options.maxShare },
          runs: options.runs,
          selectionSize: options.selectionSample,
          silhouetteSize: options.silhouetteSample,
        },
        progress,
      );
    } finally {
      progress.stop();
      await crm.close();
    }
    for (const file of await writeOutputs(out, proposal)) io.err(`wrote ${file}`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peakMiB = process.resourceUsage().maxRSS / 1024;
    io.err(`done in ${seconds.toFixed(1)} s, peak memory ${peakMiB.toFixed(0)} MiB`);
    for (const s of proposal.segments) {
      io.out(`${s.code}\t${(s.share * 100).toFixed(1)} %\t${s.name.zh}\t${s.name.en}`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`segments: ${redact(message, options.databaseUrl)}`);
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

if (require.main === module) {
  runSegmentsCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    progressStream: process.stderr,
    cwd: process.env.INIT_CWD ?? process.cwd(),
  }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`segments: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
