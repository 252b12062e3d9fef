import type { RegionTree } from './regions';

export interface FamilyRow {
  labels: Record<string, string>;
  /** rows of the family with these labels, whatever t is */
  rows: number;
  values: number[];
}

/** The KPI values of one refresh: what the refresh derives and the publisher takes. */
export interface KpiValues {
  regions: RegionTree;
  /** per family: its rows, or the error that stopped its query */
  families: Map<string, FamilyRow[] | Error>;
  /** per relation: invalid rows by reason, or the error */
  invalid: Map<string, Map<string, number> | Error>;
}
