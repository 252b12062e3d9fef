/**
 * The CRM source contract (`@service-kpi-monitor/exporter/contract`): its relations and columns, the
 * migrations that create it as tables, and the SELECT-only role the exporter reads through.
 */
export * from './contract';
export { describeDatabase } from './connection';
export { migrateContract, type MigrateOptions } from './migrations';
export { grantReader } from './reader-role';
