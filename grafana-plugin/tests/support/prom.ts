/** Small Prometheus API responses for tests, in the exact shape /api/v1/query returns. */
import { PromResponse } from '../../harness/prometheus';

export type Row = [labels: Record<string, string>, value: number | string];

export function vector(rows: Row[], time = 1795420800): PromResponse {
  return {
    status: 'success',
    data: { resultType: 'vector', result: rows.map(([metric, v]) => ({ metric, value: [time, String(v)] })) },
  };
}

export function matrix(
  rows: Array<[Record<string, string>, Array<number | string>]>,
  start = 1795420800,
): PromResponse {
  return {
    status: 'success',
    data: {
      resultType: 'matrix',
      result: rows.map(([metric, values]) => ({
        metric,
        values: values.map((v, i) => [start + i * 60, String(v)]),
      })),
    },
  };
}

export const cell = (
  region: string,
  segment: string,
  extra: Record<string, string> = {},
): Record<string, string> => ({
  region,
  segment,
  ...extra,
});
