import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { columnsOf, type Column, type RelationName } from '@service-kpi-monitor/exporter/contract';

/** Lines per chunk written to the COPY stream: large enough to amortise stream overhead. */
const LINES_PER_CHUNK = 4000;

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** COPY text format: backslash, tab and line breaks escaped, `\N` for null. */
function escapeText(text: string): string {
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

const DAY_MS = 86_400_000;
let cachedDay = NaN;
let cachedDate = '';
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** UTC `YYYY-MM-DD HH:MM:SS[.mmm]+00`; the date part is cached, since rows come roughly in time order. */
export function formatTimestamp(t: number): string {
  const day = Math.floor(t / DAY_MS);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * DAY_MS).toISOString().slice(0, 10);
  }
  const ms = t - day * DAY_MS;
  const seconds = Math.floor(ms / 1000);
  const millis = ms - seconds * 1000;
  const time = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  return `${cachedDate} ${time}${millis ? `.${String(millis).padStart(3, '0')}` : ''}+00`;
}

function formatValue(value: unknown, column: Column): string {
  if (value === null || value === undefined) return '\\N';
  switch (column.type) {
    case 'timestamptz':
      return formatTimestamp(value as number);
    case 'boolean':
      return value ? 't' : 'f';
    case 'text':
      return escapeText(String(value));
    default:
      return String(value);
  }
}

/** Joins a row's values into one COPY text line (without the newline), columns in contract order. */
export function copyLine(columns: readonly [string, Column][], row: object): string {
  const record = row as Record<string, unknown>;
  const values = new Array<string>(columns.length);
  for (let i = 0; i < columns.length; i++) {
    const [name, column] = columns[i]!;
    // a row built before a column was added to the contract takes the column's default
    values[i] = formatValue(name in record ? record[name] : column.defaultTo, column);
  }
  return values.join('\t');
}

/** Lines joined into flat chunks (array joins, not repeated `+=`, keep V8 from building deep ropes). */
function* chunks(columns: readonly [string, Column][], rows: Iterable<object>, counter: { rows: number }) {
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(copyLine(columns, row));
    counter.rows++;
    if (lines.length === LINES_PER_CHUNK) {
      lines.push('');
      yield lines.join('\n');
      lines = [];
    }
  }
  if (lines.length > 0) {
    lines.push('');
    yield lines.join('\n');
  }
}

async function copyText(knex: Knex, schema: string, relation: RelationName, source: Readable): Promise<void> {
  const columns = columnsOf(relation).map(([n]) => quoteIdent(n));
  const target = `${quoteIdent(schema)}.${quoteIdent(relation)} (${columns.join(', ')})`;
  // knex types its pool connections as `any`; with the pg client they are pg clients
  const client = (await knex.client.acquireConnection()) as PoolClient;
  try {
    await pipeline(source, client.query(copyFrom(`copy ${target} from stdin`)));
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/**
 * Streams rows into `schema.relation` with COPY FROM STDIN on one connection of knex's pool:
 * generation and loading proceed together, with back-pressure, never holding the rows in memory.
 */
export async function copyRows(
  knex: Knex,
  schema: string,
  relation: RelationName,
  rows: Iterable<object>,
): Promise<number> {
  const counter = { rows: 0 };
  await copyText(knex, schema, relation, Readable.from(chunks(columnsOf(relation), rows, counter)));
  return counter.rows;
}

/** A COPY fed row by row as a by-product of generating another relation (see openCopySink). */
export interface CopySink {
  push(row: object): void;
  /** all rows pushed: resolves with their number once loaded */
  end(): Promise<number>;
  fail(error: unknown): void;
}

/**
 * A second COPY stream on its own connection, fed while another relation is generated, so that
 * dependent rows (callbacks of work orders) need no second generation pass. Its buffer is bounded by
 * the rate of the producing stream, which is slower than this one.
 */
export function openCopySink(knex: Knex, schema: string, relation: RelationName): CopySink {
  const columns = columnsOf(relation);
  const source = new PassThrough();
  const loaded = copyText(knex, schema, relation, source);
  loaded.catch(() => undefined); // reported by end()
  let lines: string[] = [];
  let rows = 0;
  const flush = () => {
    if (lines.length === 0) return;
    lines.push('');
    source.write(lines.join('\n'));
    lines = [];
  };
  return {
    push(row) {
      lines.push(copyLine(columns, row));
      rows++;
      if (lines.length === LINES_PER_CHUNK) flush();
    },
    async end() {
      flush();
      source.end();
      await loaded;
      return rows;
    },
    fail(error) {
      source.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  };
}
