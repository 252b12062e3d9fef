/**
 * How a KPI is shown from its two counts, defined once for the rules, the dashboards and the panel:
 * value = scale × (n ÷ d), or scale × (1 − n ÷ d) for "share on time" KPIs recorded as late ÷ due.
 */
export type Show = 'ratio' | 'complement';

export interface KpiShape {
  show: Show;
  /** 1 for shares, 10000 for "per 10k customers" */
  scale: number;
}

/** The shown value; null when the denominator is not positive (nothing to judge). */
export function shownValue(numerator: number, denominator: number, shape: KpiShape): number | null {
  if (!(denominator > 0)) return null;
  const ratio = numerator / denominator;
  return shape.scale * (shape.show === 'complement' ? 1 - ratio : ratio);
}

/** The same as PromQL over a numerator and a denominator expression. */
export function shownExpression(numerator: string, denominator: string, shape: KpiShape): string {
  const ratio = `(${numerator}) / (${denominator})`;
  const shown = shape.show === 'complement' ? `(1 - ${ratio})` : ratio;
  return shape.scale === 1 ? shown : `${shown} * ${shape.scale}`;
}

/**
 * A target in shown terms as the limit of the recorded ratio scale × n ÷ d (what the rules record and
 * the alerts compare): the same number for a plain ratio, its complement for a "share on time" KPI.
 */
export function recordedLimit(target: number, shape: KpiShape): number {
  // rounded: 1 − 0.9 is 0.09999999999999998 in floating point
  return Number((shape.show === 'complement' ? shape.scale - target : target).toFixed(10));
}
