import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PROVISIONING_DIR } from '../src/slo';
import { committedRules, readYaml, type RuleFile } from './support/files';
import { analyse, dashboardQueries } from './support/promql';
import { freePort, start, waitFor, type Started } from './support/processes';
import { describeWith, exec } from './support/tools';

/** The scale-out examples of docs/scale-out.md: a province's HA Prometheus, agent mode, national rules. */
const SCALE_OUT_DIR = join(PROVISIONING_DIR, 'scale-out');
const PROVINCE_CONFIG = join(SCALE_OUT_DIR, 'prometheus-province.yml');
const AGENT_CONFIG = join(SCALE_OUT_DIR, 'prometheus-agent.yml');
const NATIONAL_RULES = 'scale-out/national-rules.yml';

type Rule = RuleFile['groups'][number]['rules'][number];

interface RelabelConfig {
  source_labels?: string[];
  regex?: string;
  action?: string;
}
interface PrometheusConfig {
  global: { external_labels?: Record<string, string> };
  rule_files?: string[];
  alerting?: { alert_relabel_configs?: RelabelConfig[] };
  remote_write?: { url: string; write_relabel_configs?: RelabelConfig[] }[];
}

const provinceRules = committedRules();
const provinceRecorded = new Map(provinceRules.flatMap((r) => (r.record ? [[r.record, r] as const] : [])));
const nationalRules = readYaml<RuleFile>(NATIONAL_RULES).groups.flatMap((g) => g.rules);
const nationalRecorded = new Set(nationalRules.flatMap((r) => (r.record ? [r.record] : [])));

/** National level → the province level it sums, and the `sum` that does it. */
const LEVELS: Record<string, { province: string; sum: string }> = {
  national: { province: 'overall', sum: 'sum' },
  national_segment: { province: 'region_segment', sum: 'sum by (segment)' },
};

/**
 * What is wrong with national rules: a component must be the plain sum of the province series of the
 * same name, and a ratio must divide national sums exactly as the province divides its own (so never an
 * average of the provinces' ratios).
 */
function nationalRuleProblems(rules: Rule[]): string[] {
  return rules.flatMap((rule) => {
    const [, level, name, operation] = /^(\w+):(\w+):(\w+)$/.exec(rule.record ?? '') ?? [];
    const mapping = LEVELS[level ?? ''];
    // components are crm_… and ratios ratio_…; anything else (a count of provinces) has no province twin
    if (!mapping || !name || !operation) return [];
    if (!operation.startsWith('ratio_') && !name.startsWith('crm_')) return [];
    const source = `${mapping.province}:${name}:${operation}`;
    const province = provinceRecorded.get(source);
    if (!province) return [`${rule.record}: the provinces record no ${source}`];
    if (operation.startsWith('ratio_')) {
      const expected = province.expr.replaceAll(`${mapping.province}:`, `${level}:`);
      return rule.expr === expected ? [] : [`${rule.record}: expected ${expected}, found ${rule.expr}`];
    }
    const expected = `${mapping.sum} (${source})`;
    return rule.expr === expected ? [] : [`${rule.record}: expected ${expected}, found ${rule.expr}`];
  });
}

/** Prometheus anchors relabel regexes; this JavaScript RegExp does the same. */
function keepFilter(config: PrometheusConfig): RegExp {
  const keep = (config.remote_write?.[0]?.write_relabel_configs ?? []).find(
    (c) => c.action === 'keep' && c.source_labels?.join() === '__name__',
  );
  if (!keep?.regex) throw new Error('remote_write has no keep rule on __name__');
  return new RegExp(`^(?:${keep.regex})$`);
}

const province = readYaml<PrometheusConfig>('scale-out/prometheus-province.yml');

describe('national rules (scale-out/national-rules.yml)', () => {
  it('parse, and read only series the generated province rules record (or national rules record)', () => {
    expect(nationalRules.length).toBeGreaterThan(10);
    const problems = nationalRules.flatMap((r) => {
      const { errors, selectors } = analyse(r.expr);
      const where = r.record ?? r.alert ?? '?';
      return [
        ...errors.map((at) => `${where}: parse error at ${at}`),
        ...selectors
          .filter((s) => !provinceRecorded.has(s.metric) && !nationalRecorded.has(s.metric))
          .map((s) => `${where}: ${s.metric} is recorded by no province rule`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('sum components across provinces and divide like the province does', () => {
    const checked = nationalRules.filter((r) => /^national(_segment)?:/.test(r.record ?? ''));
    expect(checked.filter((r) => r.record?.includes(':ratio_')).length).toBeGreaterThanOrEqual(4);
    expect(nationalRuleProblems(nationalRules)).toEqual([]);
  });

  it('catches an average of ratios, a renamed province series and a component summed wrongly', () => {
    const broken: Rule[] = [
      {
        record: 'national:work_order_timeout:ratio_increase30d',
        expr: 'avg (overall:work_order_timeout:ratio_increase30d)',
      },
      {
        record: 'national:crm_work_order_late:increase30d',
        expr: 'sum (overall:crm_work_order_late:increase30d)',
      },
      {
        record: 'national:crm_work_order_closure_late:increase30d',
        expr: 'sum (region:crm_work_order_closure_late:increase30d)',
      },
    ];
    expect(nationalRuleProblems(broken)).toHaveLength(3);
  });
});

describe('province Prometheus (scale-out/prometheus-province.yml)', () => {
  it('labels everything with its province and replica, and drops the replica from alerts', () => {
    expect(Object.keys(province.global.external_labels ?? {}).sort()).toEqual(['province', 'replica']);
    expect(province.alerting?.alert_relabel_configs).toContainEqual({
      action: 'labeldrop',
      regex: 'replica',
    });
  });

  it('loads the same generated rules as the single-machine stack', () => {
    expect(province.rule_files).toEqual(['../prometheus/rules/*.generated.yml']);
  });

  it('remote-writes every series the national rules and the dashboards read', () => {
    const keep = keepFilter(province);
    const needed = [
      ...nationalRules.map((r) => ({ where: r.record ?? r.alert ?? '?', expr: r.expr })),
      ...dashboardQueries(),
    ].flatMap((q) =>
      analyse(q.expr)
        .selectors.filter((s) => !nationalRecorded.has(s.metric))
        .map((s) => ({ where: q.where, metric: s.metric })),
    );
    expect(needed.length).toBeGreaterThan(50);
    expect(needed.filter((n) => !keep.test(n.metric)).map((n) => `${n.where}: ${n.metric}`)).toEqual([]);
  });

  it('keeps the hourly, 1 d / 30 d, gauge and SLO records and leaves the burn-rate windows in the province', () => {
    const keep = keepFilter(province);
    const records = [...provinceRecorded.keys()];
    const display = records.filter((r) => /:(sum|increase_hourly|(ratio_)?increase(1d|30d))$|^slo:/.test(r));
    expect(display.filter((r) => !keep.test(r))).toEqual([]);
    const local = records.filter((r) => !keep.test(r));
    expect(local.length).toBeGreaterThan(0);
    expect(local.filter((r) => !/:(ratio_)?increase(5m|30m|1h|2h|6h|3d|7d)$/.test(r))).toEqual([]);
  });
});

describeWith(['promtool'], 'scale-out configs and national rules (promtool)', () => {
  it('check config: the province config, with its rule files resolved relative to the config', async () => {
    // run from elsewhere: the ../prometheus/rules path must resolve against the config file, not the cwd
    const r = await exec('promtool', ['check', 'config', PROVINCE_CONFIG], tmpdir());
    expect(r.output).toContain('SUCCESS: 2 rule files found');
    expect(r.output).toMatch(/recording\.generated\.yml\s+SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  it('check config --agent: the agent config is valid in agent mode, and the province config is not', async () => {
    const agent = await exec('promtool', ['check', 'config', '--agent', AGENT_CONFIG]);
    expect(agent.output).toContain('SUCCESS');
    expect(agent.code).toBe(0);
    const server = await exec('promtool', ['check', 'config', '--agent', PROVINCE_CONFIG]);
    expect(server.output).toContain('not allowed in agent mode');
    expect(server.code).not.toBe(0);
  });

  it('check rules: national-rules.yml is valid', async () => {
    const r = await exec('promtool', ['check', 'rules', 'national-rules.yml'], SCALE_OUT_DIR);
    expect(r.output).toContain(`SUCCESS: ${nationalRules.length} rules found`);
    expect(r.code).toBe(0);
  });

  it('test rules: national ratios are sums over provinces; a silent province is reported', async () => {
    const r = await exec('promtool', ['test', 'rules', 'national-rules.test.yml'], SCALE_OUT_DIR);
    expect(r.output).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  it('test rules fails when a national ratio averages the provinces’ ratios', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skm-scale-out-'));
    try {
      copyFileSync(join(SCALE_OUT_DIR, 'national-rules.test.yml'), join(dir, 'national-rules.test.yml'));
      const file = parse(readFileSync(join(SCALE_OUT_DIR, 'national-rules.yml'), 'utf8')) as RuleFile;
      const ratio = file.groups
        .flatMap((g) => g.rules)
        .find((rule) => rule.record === 'national:work_order_timeout:ratio_increase30d');
      if (!ratio)
        throw new Error('national:work_order_timeout:ratio_increase30d is not in national-rules.yml');
      ratio.expr =
        'avg (overall:crm_work_order_closure_late:increase30d / overall:crm_work_order_closure_due:increase30d)';
      writeFileSync(join(dir, 'national-rules.yml'), stringify(file));
      const r = await exec('promtool', ['test', 'rules', 'national-rules.test.yml'], dir);
      expect(r.output).toContain('FAILED');
      expect(r.code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * The province's two Alertmanager peers (scale-out/alertmanager-cluster.md): the committed routing and
 * inhibitions, receivers swapped for a local webhook, shorter waits. Both Prometheus replicas send every
 * alert to both peers; the peers gossip and notify once.
 */
describeWith(['prometheus-alertmanager'], 'Alertmanager cluster of a province (two real peers)', () => {
  interface Notification {
    receiver: string;
    alerts: Record<string, string>[];
  }
  const notifications: Notification[] = [];
  let hook: Server;
  let dir: string;
  const peers: Started[] = [];
  const apis: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skm-am-cluster-'));
    const hookPort = await freePort();
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const n = JSON.parse(body) as { receiver: string; alerts: { labels: Record<string, string> }[] };
        notifications.push({ receiver: n.receiver, alerts: n.alerts.map((a) => a.labels) });
        res.end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(hookPort, '127.0.0.1', resolve));

    const config = readYaml<{
      route: { group_wait?: string; routes?: { group_wait?: string }[] };
      receivers: { name: string }[];
      global?: Record<string, unknown>;
    }>('alertmanager/alertmanager.yml');
    for (const route of [config.route, ...(config.route.routes ?? [])]) route.group_wait = '1s';
    config.receivers = config.receivers.map((r) => ({
      name: r.name,
      webhook_configs: [{ url: `http://127.0.0.1:${hookPort}/${r.name}`, send_resolved: false }],
    }));
    writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));

    const [webA, webB, gossipA, gossipB] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    for (const [name, web, gossip, other] of [
      ['a', webA, gossipA, gossipB],
      ['b', webB, gossipB, gossipA],
    ] as const) {
      apis.push(`http://127.0.0.1:${web}`);
      peers.push(
        start(
          'prometheus-alertmanager',
          [
            `--config.file=${join(dir, 'alertmanager.yml')}`,
            `--storage.path=${join(dir, name)}`,
            `--web.listen-address=127.0.0.1:${web}`,
            `--cluster.listen-address=127.0.0.1:${gossip}`,
            `--cluster.peer=127.0.0.1:${other}`,
            // the second peer waits this long for the first one's notification before sending its own
            '--cluster.peer-timeout=3s',
          ],
          process.env,
        ),
      );
    }
    await waitFor('both peers to see each other', 60000, async () => {
      for (const peer of peers) {
        if (peer.child.exitCode !== null) throw new Error(`alertmanager exited:\n${peer.log()}`);
      }
      const statuses = await Promise.all(
        apis.map(async (api) => (await (await fetch(`${api}/api/v2/status`)).json()) as StatusJson),
      );
      return statuses.every((s) => s.cluster.status === 'ready' && s.cluster.peers.length === 2)
        ? true
        : undefined;
    });
  }, 90000);

  afterAll(async () => {
    await Promise.all(peers.map((p) => p.stop()));
    await new Promise<void>((resolve) => (hook ? hook.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  interface StatusJson {
    cluster: { status: string; peers: unknown[] };
  }

  /** What both Prometheus replicas do: every alert to every peer. */
  async function postToBoth(alerts: Record<string, string>[]): Promise<void> {
    const body = JSON.stringify(alerts.map((labels) => ({ labels, annotations: { summary: 'test' } })));
    for (const api of apis) {
      const r = await fetch(`${api}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(r.status).toBe(200);
    }
  }

  /** The notifications for one region, once they stop changing for longer than the peer timeout. */
  async function settledNotifications(region: string): Promise<Notification[]> {
    const mine = () => notifications.filter((n) => n.alerts.some((a) => a.region === region));
    await waitFor(`a notification for ${region}`, 60000, async () => (mine().length > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 8000));
    return mine();
  }

  const alert = (region: string) => ({
    alertname: 'RepairArrivalOverdue',
    component: 'kpi',
    severity: 'page',
    province: 'ah',
    region,
  });

  it('notifies once when both replicas send the same alert (replica label dropped) to both peers', async () => {
    const region = 'ah.anqing.yuexi';
    // the two replicas' copies after alert_relabel_configs: identical
    await postToBoth([alert(region), alert(region)]);
    const got = await settledNotifications(region);
    expect(got).toHaveLength(1);
    expect(got[0]?.receiver).toBe('pager');
    expect(got[0]?.alerts).toHaveLength(1);
  }, 90000);

  it('lists every alert twice when the replica label is kept (why the province config drops it)', async () => {
    const region = 'ah.anqing.taihu';
    await postToBoth([
      { ...alert(region), replica: 'a' },
      { ...alert(region), replica: 'b' },
    ]);
    const got = await settledNotifications(region);
    expect(got).toHaveLength(1);
    expect(got[0]?.alerts.map((a) => a.replica).sort()).toEqual(['a', 'b']);
  }, 90000);
});
