import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ENVIRONMENT_KEYS, loadConfig } from '../src/config';
import { parseDuration } from '../src/config/durations';

function configFile(yaml: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'crm-kpi-config-')), 'config.yml');
  writeFileSync(path, yaml);
  return path;
}

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('configuration', () => {
  it('defaults to the limits of kpis.md', () => {
    const config = loadConfig({});
    expect(config.limits.repair_arrival).toEqual({ urban: 2700, rural: 5400, remote: 7200 });
    expect(config.limits.repair_restoration).toEqual({ urban: 10800, rural: 14400, remote: 14400 });
    expect(config.limits.outage_notice_lead).toEqual({ planned: 604800, temporary: 86400 });
    expect(config.limits.outage_info_report).toEqual({ planned: 0, temporary: 0, fault: 900 });
    expect(config.limits.restoration_info_report).toBe(900);
    expect(config).toMatchObject({ schema: 'crm', port: 9742, region_level: 'county', refresh_interval: 30 });
    expect(config.labels.segment.max).toBe(12);
  });

  it('reads the YAML file and lets the environment win', () => {
    const path = configFile(
      'region_level: city\nrefresh_interval: 1m\nlimits:\n  repair_arrival:\n    urban: 30m\n',
    );
    const config = loadConfig({ CONFIG_FILE: path, REFRESH_INTERVAL: '15s', PORT: '9100' });
    expect(config.region_level).toBe('city');
    expect(config.refresh_interval).toBe(15);
    expect(config.port).toBe(9100);
    expect(config.limits.repair_arrival).toEqual({ urban: 1800, rural: 5400, remote: 7200 });
  });

  it.each([
    [
      { REGION_LEVEL: 'district' },
      /region_level \(from environment variable REGION_LEVEL\):.*"province".*"station"/,
    ],
    [
      { REFRESH_INTERVAL: 'soon' },
      /refresh_interval \(from environment variable REFRESH_INTERVAL\): expected a non-negative duration/,
    ],
    [{ PORT: '70000' }, /port \(from environment variable PORT\)/],
    [
      { CRM_SCHEMA: 'Robert"); drop' },
      /schema \(from environment variable CRM_SCHEMA\): expected a lower-case PostgreSQL identifier/,
    ],
  ])('rejects %j naming the key and what it accepts', (env, message) => {
    expect(errorOf(env)).toMatch(message);
  });

  it.each([
    [
      'refresh_intervall: 30s\n',
      /refresh_intervall: unknown configuration key \(accepted here: database_url, schema,/,
    ],
    [
      'limits:\n  repair_arrival:\n    urban: -5\n',
      /limits\.repair_arrival\.urban \(from CONFIG_FILE .*\): expected a non-negative duration/,
    ],
    [
      'limits:\n  repair_arival: {}\n',
      /limits\.repair_arival: unknown configuration key \(accepted here: repair_arrival, repair_restoration,/,
    ],
    ['labels:\n  segment:\n    max: 0\n', /labels\.segment\.max/],
    ['- just\n- a list\n', /expected a mapping of configuration keys/],
    ['region_level: [\n', /not valid YAML/],
  ])('rejects the file %j naming the key', (yaml, message) => {
    expect(errorOf({ CONFIG_FILE: configFile(yaml) })).toMatch(message);
  });

  it('says which file cannot be read', () => {
    expect(errorOf({ CONFIG_FILE: '/nonexistent/kpi.yml' })).toMatch(
      /CONFIG_FILE \/nonexistent\/kpi.yml: cannot be read/,
    );
  });

  it('has the defaults the README shows', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    expect(loadConfig({ CONFIG_FILE: configFile(yaml as string) })).toEqual(loadConfig({}));
  });

  it('documents every environment variable in the README', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const [variable, key] of Object.entries(ENVIRONMENT_KEYS)) {
      expect(readme).toMatch(new RegExp(`\\| \`${variable}\` +\\| \`${key}\` +\\|`));
    }
  });

  it('parses Prometheus-style durations', () => {
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('7d')).toBe(604800);
    expect(parseDuration('250ms')).toBe(0.25);
    expect(parseDuration('1x')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
});
