/**
 * Deterministic demo CRM data (seedDemo), the ticker that keeps it moving (startDemoTicker) and the
 * read-only role the exporter reads through (grantReader).
 */
export { seedDemo, type SeedOptions, type SeedSummary } from './seed-demo';
export { startDemoTicker, type DemoTicker, type TickerOptions } from './ticker';
export { grantReader } from '@service-kpi-monitor/exporter/contract';
export { BAD_COUNTIES } from './quality';
export { DEFAULT_SEED, DEFAULT_WORK_ORDERS } from './world';
