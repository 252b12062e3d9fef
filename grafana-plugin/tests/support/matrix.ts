/** Builds a matrix from [row, column, value] triples through the real frame → readings path. */
import { toDataFrames } from '../../harness/prometheus';
import { Matrix, MatrixOptions, buildMatrix } from '../../src/heatmap/matrix';
import { extract } from '../../src/heatmap/samples';
import { vector } from './prom';

export type Triple = [row: string, column: string, value: number | null];

const dims = { rowDimension: 'region', columnDimension: 'segment' };

export function matrixOf(
  numerators: Triple[],
  denominators: Triple[],
  o: MatrixOptions,
  names: Record<string, string> = {},
): Matrix {
  const frames = (triples: Triple[], refId: string) =>
    toDataFrames(
      vector(triples.map(([row, column, value]) => [{ region: row, segment: column }, value ?? 'NaN'])),
      refId,
      'time_series',
    );
  const x = extract(
    [...frames(numerators, 'A'), ...frames(denominators, 'B')],
    dims,
    { numerator: 'A', denominator: o.mode === 'ratio' ? 'B' : null },
    'lastNotNull',
  );
  const label = (keys: string[]) => ({ keys, names: keys.map((k) => names[k] ?? k) });
  return buildMatrix(label(x.rows.keys), label(x.columns.keys), x.numerator, x.denominator, o);
}
