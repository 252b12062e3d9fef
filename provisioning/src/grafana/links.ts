/** The dashboards' fixed uids and slugs: alert links and dashboard links are built from these. */
export const DASHBOARDS = {
  wall: { uid: 'skm-wall', slug: 'service-wall' },
  heatmaps: { uid: 'skm-heatmaps', slug: 'heat-maps' },
  region: { uid: 'skm-region', slug: 'region-drill-down' },
  slo: { uid: 'skm-slo', slug: 'slos-and-error-budgets' },
  exporter: { uid: 'skm-exporter', slug: 'exporter-health' },
} as const;

export type DashboardKey = keyof typeof DASHBOARDS;

export function dashboardPath(key: DashboardKey): string {
  const d = DASHBOARDS[key];
  return `/d/${d.uid}/${d.slug}`;
}

/** GitHub's anchor for a Markdown heading: lower case, spaces to dashes, punctuation dropped. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
