import type { EmbeddedServer } from '@service-kpi-monitor/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __testPostgres?: EmbeddedServer }).__testPostgres?.stop();
}
