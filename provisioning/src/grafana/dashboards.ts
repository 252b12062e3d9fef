import type { Targets } from '../slo';
import { exporterDashboard } from './exporter';
import { heatmapsDashboard } from './heatmaps';
import type { Dashboard } from './panels';
import { regionDashboard } from './region';
import { wallDashboard } from './wall';

export function dashboards(targets: Targets): Dashboard[] {
  return [wallDashboard(targets), heatmapsDashboard(targets), regionDashboard(targets), exporterDashboard()];
}
