import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROVISIONING_DIR } from '../../src/slo';

export const REPO_DIR = join(PROVISIONING_DIR, '..');

export function readYaml<T>(pathFromProvisioning: string): T {
  return parse(readFileSync(join(PROVISIONING_DIR, pathFromProvisioning), 'utf8')) as T;
}

export interface RuleFile {
  groups: {
    name: string;
    rules: {
      record?: string;
      alert?: string;
      expr: string;
      for?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    }[];
  }[];
}

export function committedRules(): RuleFile['groups'][number]['rules'] {
  return ['prometheus/rules/recording.generated.yml', 'prometheus/rules/alerts.generated.yml'].flatMap((f) =>
    readYaml<RuleFile>(f).groups.flatMap((g) => g.rules),
  );
}
