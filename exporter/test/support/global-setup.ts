import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded';
import { startSystemPostgres } from './system-postgres';

/**
 * One PostgreSQL for the whole run: the embedded one (PostgreSQL 18 from npm), or with
 * TEST_PG_BIN_DIR the server whose binaries live there. Test files get their own databases.
 */
export default async function globalSetup(): Promise<void> {
  const binDir = process.env.TEST_PG_BIN_DIR;
  const server: EmbeddedServer = binDir ? await startSystemPostgres(binDir) : await startEmbeddedPostgres();
  process.env.TEST_PG_ADMIN_URL = server.url('postgres');
  (globalThis as { __testPostgres?: EmbeddedServer }).__testPostgres = server;
}
