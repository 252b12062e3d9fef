import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import { alertmanagerConfig } from './alertmanager';
import { dashboards } from './grafana/dashboards';
import { alertTestGroups } from './rules/alert-tests';
import { alertGroups } from './rules/alerts';
import { recordingGroups } from './rules/recording';
import { loadTargets, PROVISIONING_DIR, type Targets } from './slo';

export interface GeneratedFile {
  /** relative to the provisioning workspace */
  path: string;
  content: string;
}

export const RECORDING_RULES = 'prometheus/rules/recording.generated.yml';
export const ALERT_RULES = 'prometheus/rules/alerts.generated.yml';
export const ALERT_TESTS = 'prometheus/tests/alerts.test.generated.yml';
export const ALERTMANAGER_CONFIG = 'alertmanager/alertmanager.yml';
export const HOURLY_TESTS = 'prometheus/tests/alerts-hourly.test.generated.yml';
const RULE_FILES = ['../rules/recording.generated.yml', '../rules/alerts.generated.yml'];

const HEADER = '# Generated from slo/targets.yml by `npm run generate -w provisioning`; do not edit.\n';

/** Formatted with the repository's Prettier settings, so `prettier --check` agrees with the generator. */
async function formatted(path: string, text: string): Promise<GeneratedFile> {
  const options = await resolveConfig(join(PROVISIONING_DIR, path));
  return { path, content: await format(text, { ...options, filepath: path }) };
}

function yamlFile(path: string, value: unknown): Promise<GeneratedFile> {
  return formatted(path, HEADER + stringify(value, { lineWidth: 0 }));
}

/** Every file derived from the SLA declaration, in memory: written by generate, compared by a test. */
export async function generatedFiles(targets: Targets = loadTargets()): Promise<GeneratedFile[]> {
  const recording = recordingGroups(targets);
  const alerts = alertGroups(targets);
  // gauges, hourly increases, windows, SLO series, then alerts: a rule must not read the previous step
  const order = [...recording, ...alerts].map((g) => g.name);
  const tests = alertTestGroups(
    targets,
    alerts.flatMap((g) => g.rules),
  );
  const files = [
    await yamlFile(RECORDING_RULES, { groups: recording }),
    await yamlFile(ALERT_RULES, { groups: alerts }),
    await yamlFile(ALERT_TESTS, {
      rule_files: RULE_FILES,
      evaluation_interval: '1m',
      group_eval_order: order,
      tests: tests.minutely,
    }),
    await yamlFile(HOURLY_TESTS, {
      rule_files: RULE_FILES,
      evaluation_interval: '1h',
      group_eval_order: order,
      tests: tests.hourly,
    }),
    await yamlFile(ALERTMANAGER_CONFIG, alertmanagerConfig(targets)),
  ];
  for (const d of dashboards(targets)) {
    const path = `grafana/dashboards/${d.uid}.json`;
    files.push(await formatted(path, JSON.stringify(d)));
  }
  return files;
}

export const absolute = (file: GeneratedFile) => join(PROVISIONING_DIR, file.path);
