import { sourceFamilies } from './catalog';
import { WATCHDOG } from './rules/exporter-alerts';
import type { Targets } from './slo';

/**
 * Alertmanager's configuration, from targets.yml: a route per severity (page → pager, ticket → e-mail,
 * notify → the dispatch desk grouped by the region's parent, the Watchdog → the heartbeat service), pages
 * of a KPI with `page_in` muted outside that time interval, and inhibitions scoped so that one stale
 * query family silences only the alerts of the KPIs it feeds, in its own province.
 */

/** Receivers every route needs; targets.yml `receivers` gives each its Alertmanager settings. */
export const RECEIVERS = ['pager', 'ticket', 'dispatch', 'heartbeat'] as const;

/** Alerts from one province's Prometheus carry its `province` external label (docs/scale-out.md). */
const SAME_PROVINCE = ['province'];

/** Alerts on the exporter's data (KPIs and figures): a stale source or a down exporter silences them. */
const KPI_OR_FIGURE = 'component=~"kpi|figure"';

/** An Alertmanager regex matching one family in a comma-separated `source` label (regexes are anchored). */
function listContains(family: string): string {
  return `(.+,)?${family}(,.+)?`;
}

export function alertmanagerConfig(targets: Targets): Record<string, unknown> {
  const pageRoute = { receiver: 'pager', group_wait: '10s', repeat_interval: '1h' };
  return {
    global: { resolve_timeout: '5m' },
    ...(Object.keys(targets.paging_hours).length > 0
      ? {
          time_intervals: Object.entries(targets.paging_hours).map(([name, intervals]) => ({
            name,
            time_intervals: intervals,
          })),
        }
      : {}),
    route: {
      receiver: 'ticket',
      // one notification per alert and region: a county's breach does not hide another's
      group_by: ['alertname', 'region'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        // the dead-man's switch: re-sent every minute, so the heartbeat service notices when it stops
        {
          receiver: 'heartbeat',
          matchers: [`alertname="${WATCHDOG}"`],
          group_by: ['alertname'],
          group_wait: '0s',
          group_interval: '1m',
          repeat_interval: '1m',
        },
        // pages of KPIs whose deadlines count working days reach the pager only in working hours
        ...Object.keys(targets.paging_hours).map((name) => ({
          ...pageRoute,
          matchers: ['severity="page"', `page_in="${name}"`],
          active_time_intervals: [name],
        })),
        { ...pageRoute, matchers: ['severity="page"'] },
        // single overdue items, for the dispatch desk: one message per city and alert, sent once (a week
        // before it repeats), resolved when the items are done
        {
          receiver: 'dispatch',
          matchers: ['severity="notify"'],
          group_by: ['alertname', 'parent'],
          group_wait: '1m',
          group_interval: '5m',
          repeat_interval: '168h',
        },
        { receiver: 'ticket', matchers: ['severity="ticket"'], repeat_interval: '24h' },
      ],
    },
    receivers: RECEIVERS.map((name) => ({ name, ...targets.receivers[name] })),
    inhibit_rules: [
      // no scrape at all: every KPI alert of the province describes the past
      {
        source_matchers: ['alertname="CrmExporterDown"'],
        target_matchers: [KPI_OR_FIGURE],
        equal: [...SAME_PROVINCE],
      },
      // a stale query family silences the KPIs it feeds, and only those
      ...sourceFamilies().map((family) => ({
        source_matchers: ['alertname="CrmExporterDataStale"', `family="${family}"`],
        target_matchers: [KPI_OR_FIGURE, `source=~"${listContains(family)}"`],
        equal: [...SAME_PROVINCE],
      })),
      // a page already has the on-call's attention: its ticket twin waits
      {
        source_matchers: ['severity="page"'],
        target_matchers: ['severity="ticket"'],
        equal: ['alertname', 'region', ...SAME_PROVINCE],
      },
    ],
  };
}
