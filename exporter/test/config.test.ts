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
    expect(config.limits.outage_notice_lead).toEqual({
      ...{ planned: 604800, temporary: 86400 },
      ...{ load_shedding: 86400, breach: 259200, arrears: 259200 },
    });
    expect(config.limits.outage_info_report).toEqual({
      ...{ planned: 0, temporary: 0, fault: 900 },
      ...{ load_shedding: 0, breach: 0, arrears: 0 },
    });
    expect(config.limits.restoration_info_report).toBe(900);
    expect(config.limits.long_outage).toBe(14400);
    expect(config.limits.call_answer).toBe(20);
    expect(config.limits.missed_call_callback).toBe(86400);
    expect(config.arrears_over).toEqual([0, 30, 60, 90].map((days) => days * 86400));
    expect(config.labels.queue.max).toBe(12);
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
      /region_level \(from environment variable REGION_LEVEL\):.*"province".*"station".*"grid"/,
    ],
    [
      { REFRESH_INTERVAL: 'soon' },
      /refresh_interval \(from environment variable REFRESH_INTERVAL\): expected a non-negative duration/,
    ],
    [{ PORT: '70000' }, /port \(from environment variable PORT\)/],
    [
      { PORT: '0x50' },
      /port \(from environment variable PORT\): expected a decimal port number from 0 to 65535/,
    ],
    [{ PORT: '1e4' }, /port \(from environment variable PORT\): expected a decimal port number/],
    [
      { LISTEN_ADDRESS: 'not an address' },
      /listen_address \(from environment variable LISTEN_ADDRESS\): expected an IP address/,
    ],
    [
      { DATABASE_URL: 'host=crm-db user=kpi_reader password=s3cret dbname=crm' },
      /^(?![\s\S]*s3cret)[\s\S]*database_url \(from environment variable DATABASE_URL\): expected a URL such as postgres:/,
    ],
    [
      { DATABASE_URL: 'postgres://kpi_reader:s3cret@crm-db:99999/crm' },
      /^(?![\s\S]*s3cret)[\s\S]*database_url \(from environment variable DATABASE_URL\): expected a URL/,
    ],
    // Node's timers overflow past 24.8 days, PostgreSQL's statement_timeout too; Dates past year 275760
    [
      { REFRESH_INTERVAL: '30d' },
      /refresh_interval \(from environment variable REFRESH_INTERVAL\): expected at most 1d/,
    ],
    [
      { STATEMENT_TIMEOUT: '25d' },
      /statement_timeout \(from environment variable STATEMENT_TIMEOUT\): expected at most 1d/,
    ],
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
    ['labels:\n  queue:\n    allow: []\n', /labels\.queue\.allow/],
    [
      'arrears_over: [0d, 36h]\n',
      /arrears_over \(from CONFIG_FILE .*\): expected whole days, such as \[0d, 30d, 60d, 90d\]/,
    ],
    [
      'arrears_over: [60d, 30d]\n',
      /arrears_over \(from CONFIG_FILE .*\): expected days in ascending order, each once/,
    ],
    ['arrears_over: [30d, 30d]\n', /arrears_over .*expected days in ascending order, each once/],
    ['arrears_over: []\n', /arrears_over /],
    [
      'arrears_over: [0d, soon]\n',
      /arrears_over\.1 \(from CONFIG_FILE .*\): expected a non-negative duration/,
    ],
    ['limits:\n  call_answer: -1\n', /limits\.call_answer .*expected a non-negative duration/],
    ['refresh_timeout: 30d\n', /refresh_timeout \(from CONFIG_FILE .*\): expected at most 1d/],
    ['settle_window: 99999999999w\n', /settle_window \(from CONFIG_FILE .*\): expected at most 366d/],
    ['full_recount_interval: 400d\n', /full_recount_interval \(from CONFIG_FILE .*\): expected at most 366d/],
    ['experience_interval: 2d\n', /experience_interval \(from CONFIG_FILE .*\): expected at most 1d/],
    ['experience_interval: 0s\n', /experience_interval \(from CONFIG_FILE .*\): expected at least 1s/],
    [
      'experience_interval: often\n',
      /experience_interval \(from CONFIG_FILE .*\): expected a non-negative duration/,
    ],
    ['experience_window: 400d\n', /experience_window \(from CONFIG_FILE .*\): expected at most 366d/],
    [
      'limits:\n  repair_arrival:\n    urban: 9999w\n',
      /limits\.repair_arrival\.urban .*expected at most 366d/,
    ],
    // the key would otherwise set the prototype of the parsed object and escape the unknown-key check
    ['__proto__:\n  schema: other\n', /^invalid configuration:\n {2}__proto__: unknown configuration key/],
    [
      'limits:\n  __proto__: { restoration_info_report: 1s }\n',
      /limits\.__proto__: unknown configuration key/,
    ],
    ['- just\n- a list\n', /expected a mapping of configuration keys/],
    ['region_level: [\n', /not valid YAML/],
  ])('rejects the file %j naming the key', (yaml, message) => {
    expect(errorOf({ CONFIG_FILE: configFile(yaml) })).toMatch(message);
  });

  it('reads the arrears ages in days and the hotline limits', () => {
    const path = configFile(
      'arrears_over: [0d, 7d, 45d]\nlimits:\n  call_answer: 15s\n  missed_call_callback: 2h\n',
    );
    const config = loadConfig({ CONFIG_FILE: path });
    expect(config.arrears_over).toEqual([0, 7 * 86400, 45 * 86400]);
    expect(config.limits.call_answer).toBe(15);
    expect(config.limits.missed_call_callback).toBe(7200);
  });

  it('accepts the longest durations it documents', () => {
    const path = configFile(
      'refresh_timeout: 1d\nsettle_window: 366d\nfull_recount_interval: 366d\nexperience_interval: 1d\nexperience_window: 366d\n',
    );
    const config = loadConfig({ CONFIG_FILE: path, REFRESH_INTERVAL: '24h', STATEMENT_TIMEOUT: '86400' });
    expect(config).toMatchObject({
      refresh_interval: 86400,
      statement_timeout: 86400,
      refresh_timeout: 86400,
      settle_window: 366 * 86400,
      full_recount_interval: 366 * 86400,
      experience_interval: 86400,
      experience_window: 366 * 86400,
    });
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
