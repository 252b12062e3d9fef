/**
 * The exporter as a library (`@service-kpi-monitor/exporter`): what the demo workspace runs it with.
 * The CRM contract it reads is `@service-kpi-monitor/exporter/contract`.
 */
export { ConfigError, loadConfig, type Config } from './config';
export { createLogger, type Logger } from './log';
export { runExporter, type LocalDatabase, type LocalDatabaseStarter } from './run';
export { startService, type Service, type ServiceOptions } from './service';
