import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVISIONING_DIR } from '../src/slo';
import { freePort, start, waitFor, type Started } from './support/processes';
import { describeWith } from './support/tools';

/**
 * The committed alertmanager.yml in a real Alertmanager (Debian names the binary
 * prometheus-alertmanager): alerts posted to its API are grouped, routed and inhibited as designed.
 * The receivers point at example.com, so notifications fail; the alert states are what is checked.
 */
interface AmAlert {
  labels: Record<string, string>;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; inhibitedBy: string[] };
  receivers: { name: string }[];
}

describeWith(['prometheus-alertmanager'], 'Alertmanager routing and inhibitions (real Alertmanager)', () => {
  let dir: string;
  let alertmanager: Started;
  let api: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skm-am-'));
    const port = await freePort();
    api = `http://127.0.0.1:${port}/api/v2`;
    alertmanager = start(
      'prometheus-alertmanager',
      [
        `--config.file=${join(PROVISIONING_DIR, 'alertmanager', 'alertmanager.yml')}`,
        `--storage.path=${dir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=', // a single instance: no gossip port
      ],
      process.env,
    );
    await waitFor('Alertmanager to be ready', 30000, async () => {
      if (alertmanager.child.exitCode !== null)
        throw new Error(`alertmanager exited:\n${alertmanager.log()}`);
      return (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok ? true : undefined;
    });
  }, 60000);

  afterAll(async () => {
    await alertmanager?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function post(alerts: Record<string, string>[]): Promise<void> {
    const body = alerts.map((labels) => ({ labels, annotations: { summary: 'test' } }));
    const r = await fetch(`${api}/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status).toBe(200);
  }

  async function states(): Promise<Record<string, AmAlert>> {
    const alerts = (await (await fetch(`${api}/alerts`)).json()) as AmAlert[];
    return Object.fromEntries(
      alerts.map((a) => [`${a.labels.alertname} ${a.labels.region ?? ''} ${a.labels.severity}`, a]),
    );
  }

  it('lets a page silence its ticket twin of the same region, not another region’s', async () => {
    const burn = { alertname: 'RepairArrivalLateBudgetBurn', component: 'kpi', kpi: 'repair_arrival_late' };
    await post([
      { ...burn, severity: 'page', region: 'ah.anqing.yuexi' },
      { ...burn, severity: 'ticket', region: 'ah.anqing.yuexi' },
      { ...burn, severity: 'ticket', region: 'ah.anqing.taihu' },
    ]);
    const s = await waitFor('the alerts to be processed', 20000, async () => {
      const all = await states();
      const ticket = all['RepairArrivalLateBudgetBurn ah.anqing.yuexi ticket'];
      return ticket && ticket.status.state !== 'unprocessed' ? all : undefined;
    });
    expect(s['RepairArrivalLateBudgetBurn ah.anqing.yuexi page']?.status.state).toBe('active');
    expect(s['RepairArrivalLateBudgetBurn ah.anqing.yuexi page']?.receivers.map((r) => r.name)).toEqual([
      'pager',
    ]);
    expect(s['RepairArrivalLateBudgetBurn ah.anqing.yuexi ticket']?.status.state).toBe('suppressed');
    expect(s['RepairArrivalLateBudgetBurn ah.anqing.yuexi ticket']?.status.inhibitedBy).toHaveLength(1);
    expect(s['RepairArrivalLateBudgetBurn ah.anqing.taihu ticket']?.status.state).toBe('active');
    expect(s['RepairArrivalLateBudgetBurn ah.anqing.taihu ticket']?.receivers.map((r) => r.name)).toEqual([
      'ticket',
    ]);
  });

  it('silences every KPI alert while the exporter is down, but not the exporter alert itself', async () => {
    await post([
      { alertname: 'WorkOrderClosureOverdue', component: 'kpi', severity: 'page', region: 'ah.wuhu.nanling' },
      { alertname: 'CrmExporterDown', component: 'exporter', severity: 'page', job: 'crm-exporter' },
    ]);
    const s = await waitFor('the KPI alert to be inhibited', 20000, async () => {
      const all = await states();
      return all['WorkOrderClosureOverdue ah.wuhu.nanling page']?.status.state === 'suppressed'
        ? all
        : undefined;
    });
    expect(s['CrmExporterDown  page']?.status.state).toBe('active');
    expect(s['WorkOrderClosureOverdue ah.wuhu.nanling page']?.status.inhibitedBy.length).toBe(1);
  });
});
