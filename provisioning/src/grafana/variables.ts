import {
  CustomVariableBuilder,
  QueryVariableBuilder,
  VariableHide,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { LABEL_VALUES } from '@service-kpi-monitor/catalog';
import type { Kpi } from '../slo';
import { DATASOURCE } from './panels';
import { metric } from './series';
import { kpiName, say, type Surface } from './surface';

/**
 * `level`: the level of the region tree whose regions `region` lists (value the code of
 * `crm_region_info`'s `level` label, text its name); all of them by default. At `REGION_LEVEL=grid` a
 * province has thousands of grids, often of the same name in different stations: choose a level first.
 */
export function levelVariable(s: Surface): CustomVariableBuilder {
  const levels = Object.entries(LABEL_VALUES.level ?? {});
  const all = { text: say(s, 'all_levels'), value: '$__all' };
  const options = [all, ...levels.map(([code, name]) => ({ text: name[s.language], value: code }))];
  return new CustomVariableBuilder('level')
    .label(say(s, 'level_variable'))
    .values(levels.map(([code, name]) => `${name[s.language]} : ${code}`).join(','))
    .current(all)
    .options(options.map((o, i) => ({ ...o, selected: i === 0 })))
    .includeAll(true)
    .allValue('.+')
    .multi(false)
    .hide(VariableHide.DontHide);
}

/**
 * `region`: value the code (what queries and links use), text the name — one option per
 * `crm_region_info` series (of the chosen `level` where the dashboard has that variable), its labels
 * read by a regex with Grafana's named groups `text` and `value` (labels print in alphabetical order:
 * level, name, parent, region).
 */
export function regionVariable(
  s: Surface,
  hide: VariableHide = VariableHide.DontHide,
  byLevel = false,
): QueryVariableBuilder {
  const query = `query_result(${metric('crm_region_info')}${byLevel ? '{level=~"$level"}' : ''})`;
  return new QueryVariableBuilder('region')
    .label(say(s, 'region_variable'))
    .datasource(DATASOURCE)
    .query({ query, refId: 'region' })
    .definition(query)
    .regex('/name="(?<text>[^"]*)".*region="(?<value>[^"]*)"/')
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalAsc)
    .includeAll(false)
    .multi(false)
    .hide(hide);
}

/** `kpi`: value the KPI id (the `kpi` label of the SLO series and alerts), text its name. */
export function kpiVariable(s: Surface, kpis: Kpi[]): CustomVariableBuilder {
  const options = kpis.map((k, i) => ({ text: kpiName(s, k), value: k.id, selected: i === 0 }));
  return new CustomVariableBuilder('kpi')
    .label(say(s, 'kpi_variable'))
    .values(kpis.map((k) => `${kpiName(s, k)} : ${k.id}`).join(','))
    .current({ text: options[0]?.text ?? '', value: options[0]?.value ?? '' })
    .options(options)
    .multi(false)
    .includeAll(false)
    .hide(VariableHide.DontHide);
}
