/** Reading the text exposition in tests that compare lines or pick single samples. */

/** The KPI sample lines (self-metrics and comments left out), sorted. */
export const kpiLines = (exposition: string): string[] =>
  exposition
    .split('\n')
    .filter((line) => line.startsWith('crm_') && !line.startsWith('crm_exporter_'))
    .sort();

/** The value of one series, written as in the exposition: `name{label="value",…}`. */
export function sampleValue(exposition: string, series: string): number | undefined {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
