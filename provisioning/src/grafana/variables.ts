import {
  CustomVariableBuilder,
  QueryVariableBuilder,
  VariableHide,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { Kpi } from '../slo';
import { DATASOURCE } from './panels';
import { metric } from './series';
import { kpiName, say, type Surface } from './surface';

/**
 * `region`: value the code (what queries and links use), text the name — one option per
 * `crm_region_info` series, its labels read by a regex with Grafana's named groups `text` and `value`
 * (labels print in alphabetical order: level, name, parent, region).
 */
export function regionVariable(s: Surface, hide: VariableHide = VariableHide.DontHide): QueryVariableBuilder {
  const query = `query_result(${metric('crm_region_info')})`;
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
