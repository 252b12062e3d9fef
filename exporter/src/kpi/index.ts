import type { Config } from '../config';
import { countFamilies } from './counts';
import type { Family } from './model';
import { timerFamilies } from './timers';

export type { Family, LabelName, Measure, MetricType } from './model';

/** Every KPI query family, in the order they run. */
export function kpiFamilies(config: Config): Family[] {
  return [...countFamilies(config), ...timerFamilies(config)];
}
