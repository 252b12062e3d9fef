import type { Config } from '../config';
import { countFamilies } from './counts';
import { experienceFamilies } from './experience';
import type { Family } from './model';
import { TIMERS, timerFamilies, type TimerDeclaration } from './timers';

export type { Family, LabelName, Measure, MetricType } from './model';

/** Every KPI declaration: the SLA timers, and the query families they and the counts make. */
export interface Declarations {
  timers: readonly TimerDeclaration[];
  families: (config: Config) => Family[];
}

/** Every KPI query family, in the order they run. */
export function kpiFamilies(config: Config): Family[] {
  return [...countFamilies(config), ...timerFamilies(config), ...experienceFamilies(config)];
}

export const DECLARATIONS: Declarations = { timers: TIMERS, families: kpiFamilies };
