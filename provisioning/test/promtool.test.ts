import { join } from 'node:path';
import { sourceFamilies } from '../src/catalog';
import { PROVISIONING_DIR } from '../src/slo';
import { describeWith, exec } from './support/tools';

const PROMETHEUS_DIR = join(PROVISIONING_DIR, 'prometheus');
const ALERTMANAGER_CONFIG = join(PROVISIONING_DIR, 'alertmanager', 'alertmanager.yml');

describeWith(['promtool'], 'Prometheus rules and config (promtool)', () => {
  it('check rules: every rule file is valid', async () => {
    const r = await exec(
      'promtool',
      ['check', 'rules', 'rules/recording.generated.yml', 'rules/alerts.generated.yml'],
      PROMETHEUS_DIR,
    );
    expect(r.output).toMatch(/SUCCESS: \d+ rules found[\s\S]*SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  it('check config: prometheus.yml and the rule files it loads are valid', async () => {
    const r = await exec('promtool', ['check', 'config', 'prometheus.yml'], PROMETHEUS_DIR);
    expect(r.output).toContain('SUCCESS: 2 rule files found');
    expect(r.code).toBe(0);
  });

  // the two files run in parallel: promtool evaluates every rule at every step of every test group; the
  // files take a quarter of an hour on a busy machine (measured at a load of 26 on 2 cores)
  it('test rules: every alert fires on a breach and stays silent when fine or tiny', async () => {
    const [minutely, hourly] = await Promise.all([
      exec('promtool', ['test', 'rules', 'tests/alerts.test.generated.yml'], PROMETHEUS_DIR),
      exec('promtool', ['test', 'rules', 'tests/alerts-hourly.test.generated.yml'], PROMETHEUS_DIR),
    ]);
    expect(minutely.output).toContain('SUCCESS');
    expect(minutely.code).toBe(0);
    expect(hourly.output).toContain('SUCCESS');
    expect(hourly.code).toBe(0);
  }, 1800000);
});

describeWith(['amtool'], 'Alertmanager config (amtool)', () => {
  it('check-config: alertmanager.yml is valid', async () => {
    const r = await exec('amtool', ['check-config', ALERTMANAGER_CONFIG]);
    expect(r.output).toContain('SUCCESS');
    // exporter down, one per stale query family, a page over its ticket twin
    expect(r.output).toContain(`${sourceFamilies().length + 2} inhibit rules`);
    expect(r.code).toBe(0);
  });

  it.each([
    [{ severity: 'page', alertname: 'RepairArrivalOverdue', region: 'ah.anqing.yuexi' }, 'pager'],
    [{ severity: 'page', alertname: 'WorkOrderTimeoutBudgetBurn', page_in: 'working_hours' }, 'pager'],
    [{ severity: 'notify', alertname: 'WorkOrderClosureOverdue', region: 'ah.wuhu.nanling' }, 'dispatch'],
    [{ severity: 'ticket', alertname: 'ConnectionLateBudgetBurn', region: 'ah.wuhu.nanling' }, 'ticket'],
    [{ severity: 'page', alertname: 'CrmExporterDown' }, 'pager'],
    [{ severity: 'none', alertname: 'Watchdog' }, 'heartbeat'],
    [{ alertname: 'SomethingUnlabelled' }, 'ticket'],
  ])('routes %o to %s', async (labels, receiver) => {
    const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
    const r = await exec('amtool', [
      'config',
      'routes',
      'test',
      `--config.file=${ALERTMANAGER_CONFIG}`,
      ...args,
    ]);
    expect(r.output.split('\n')[0]?.trim()).toBe(receiver);
  });
});
