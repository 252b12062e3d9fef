import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Language } from '@service-kpi-monitor/catalog';
import type { Targets } from '../slo';
import { exporterDashboard } from './exporter';
import { heatmapsDashboard } from './heatmaps';
import { regionDashboard } from './region';
import { sloDashboard } from './slo-dashboard';
import { surfaceOf } from './surface';
import { wallDashboard } from './wall';

/** Every dashboard, in targets.yml's language unless another is asked for. */
export function dashboards(targets: Targets, language?: Language): Dashboard[] {
  const s = surfaceOf(targets, language);
  return [wallDashboard(s), heatmapsDashboard(s), regionDashboard(s), sloDashboard(s), exporterDashboard(s)];
}
