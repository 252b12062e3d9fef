import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PROVISIONING_DIR } from '../src/slo';
import { freePort, start, waitFor, type Started } from './support/processes';
import { describeWith } from './support/tools';

/**
 * The generated alertmanager.yml in a real Alertmanager (Debian names the binary
 * prometheus-alertmanager): alerts posted to its API are grouped, routed and inhibited as designed, and
 * notifications reach the demo's alert-log receiver (alertmanager/alert-log.mjs), started here. The copy
 * under test differs from the committed file in two places only: the receivers' host (alert-log on a
 * local port) and the working-hours interval, made never active so that the test does not depend on
 * the hour it runs at.
 */
interface AmAlert {
  labels: Record<string, string>;
  status: { state: 'active' | 'suppressed' | 'unprocessed'; inhibitedBy: string[] };
  receivers: { name: string }[];
}
interface Notification {
  receiver: string;
  status: string;
  groupLabels: Record<string, string>;
  alerts: { labels: Record<string, string> }[];
}

const CONFIG = join(PROVISIONING_DIR, 'alertmanager', 'alertmanager.yml');

describeWith(
  ['prometheus-alertmanager'],
  'Alertmanager routing, inhibitions and notifications (real Alertmanager)',
  () => {
    let dir: string;
    let alertmanager: Started;
    let log: Started;
    let api: string;
    let logUrl: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'skm-am-'));
      const [port, logPort] = [await freePort(), await freePort()];
      api = `http://127.0.0.1:${port}/api/v2`;
      logUrl = `http://127.0.0.1:${logPort}`;
      log = start(process.execPath, [join(PROVISIONING_DIR, 'alertmanager', 'alert-log.mjs')], {
        ...process.env,
        PORT: String(logPort),
        LISTEN_ADDRESS: '127.0.0.1',
      });
      const config = parse(readFileSync(CONFIG, 'utf8').replaceAll('http://alert-log:9099', logUrl)) as {
        time_intervals: { name: string; time_intervals: unknown[] }[];
      };
      for (const interval of config.time_intervals) interval.time_intervals = [{ years: ['1999'] }];
      writeFileSync(join(dir, 'alertmanager.yml'), stringify(config));
      alertmanager = start(
        'prometheus-alertmanager',
        [
          `--config.file=${join(dir, 'alertmanager.yml')}`,
          `--storage.path=${dir}`,
          `--web.listen-address=127.0.0.1:${port}`,
          '--cluster.listen-address=', // a single instance: no gossip port
        ],
        process.env,
      );
      await waitFor('Alertmanager and alert-log to be ready', 60000, async () => {
        if (alertmanager.child.exitCode !== null)
          throw new Error(`alertmanager exited:\n${alertmanager.log()}`);
        if (log.child.exitCode !== null) throw new Error(`alert-log exited:\n${log.log()}`);
        const ready =
          (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok && (await fetch(`${logUrl}/received`)).ok;
        return ready ? true : undefined;
      });
    }, 90000);

    afterAll(async () => {
      await alertmanager?.stop();
      await log?.stop();
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

    const key = (labels: Record<string, string | undefined>) =>
      `${labels.alertname} ${labels.region ?? ''} ${labels.severity} ${labels.province ?? ''}`;

    /** The alerts' states once every alert posted is processed. */
    async function settled(expected: string[]): Promise<Record<string, AmAlert>> {
      return waitFor('the alerts to be processed', 60000, async () => {
        const alerts = (await (await fetch(`${api}/alerts`)).json()) as AmAlert[];
        const all = Object.fromEntries(alerts.map((a) => [key(a.labels), a]));
        return expected.every((k) => all[k] && all[k].status.state !== 'unprocessed') ? all : undefined;
      });
    }

    async function notifications(): Promise<Notification[]> {
      return (await (await fetch(`${logUrl}/received`)).json()) as Notification[];
    }

    it('lets a page silence its ticket twin of the same region, not another region’s', async () => {
      const burn = {
        alertname: 'RepairArrivalLateBudgetBurn',
        component: 'kpi',
        kpi: 'repair_arrival_late',
        source: 'work_orders',
      };
      const page = { ...burn, severity: 'page', region: 'ah.anqing.yuexi' };
      const twin = { ...burn, severity: 'ticket', region: 'ah.anqing.yuexi' };
      const other = { ...burn, severity: 'ticket', region: 'ah.anqing.taihu' };
      await post([page, twin, other]);
      const s = await settled([page, twin, other].map(key));
      expect(s[key(page)]?.status.state).toBe('active');
      expect(s[key(page)]?.receivers.map((r) => r.name)).toEqual(['pager']);
      expect(s[key(twin)]?.status.state).toBe('suppressed');
      expect(s[key(twin)]?.status.inhibitedBy).toHaveLength(1);
      expect(s[key(other)]?.status.state).toBe('active');
      expect(s[key(other)]?.receivers.map((r) => r.name)).toEqual(['ticket']);
    });

    it('silences the KPIs of a stale query family only, and only in its own province', async () => {
      const stale = {
        alertname: 'CrmExporterDataStale',
        component: 'exporter',
        severity: 'page',
        family: 'outages',
        province: 'ah',
      };
      const outage = {
        alertname: 'OutageInfoReportOverdue',
        component: 'kpi',
        severity: 'notify',
        source: 'outages',
        region: 'ah.wuhu.nanling',
        province: 'ah',
      };
      const workOrder = {
        alertname: 'WorkOrderClosureOverdue',
        component: 'kpi',
        severity: 'notify',
        source: 'work_orders',
        region: 'ah.wuhu.nanling',
        province: 'ah',
      };
      const mixed = {
        alertname: 'ComplaintsPer10kSurge',
        component: 'kpi',
        severity: 'ticket',
        source: 'customers,work_orders',
        region: 'ah.wuhu.nanling',
        province: 'ah',
      };
      const elsewhere = { ...outage, region: 'js.nanjing.jiangning', province: 'js' };
      await post([stale, outage, workOrder, mixed, elsewhere]);
      const s = await settled([stale, outage, workOrder, mixed, elsewhere].map(key));
      expect(s[key(outage)]?.status.state).toBe('suppressed');
      expect(s[key(workOrder)]?.status.state).toBe('active');
      expect(s[key(mixed)]?.status.state).toBe('active');
      expect(s[key(elsewhere)]?.status.state).toBe('active');
      expect(s[key(stale)]?.status.state).toBe('active');
    });

    it('silences every KPI alert of the province while its exporter is down, not the exporter alert itself', async () => {
      const down = {
        alertname: 'CrmExporterDown',
        component: 'exporter',
        severity: 'page',
        job: 'crm-exporter',
        province: 'zj',
      };
      const kpi = {
        alertname: 'RepairArrivalOverdue',
        component: 'kpi',
        severity: 'page',
        source: 'work_orders',
        region: 'zj.hangzhou.xihu',
        province: 'zj',
      };
      const customers = {
        alertname: 'ComplaintsPer10kSurge',
        component: 'kpi',
        severity: 'ticket',
        source: 'customers,work_orders',
        region: 'zj.hangzhou.xihu',
        province: 'zj',
      };
      await post([down, kpi, customers]);
      const s = await settled([down, kpi, customers].map(key));
      expect(s[key(down)]?.status.state).toBe('active');
      expect(s[key(kpi)]?.status.state).toBe('suppressed');
      expect(s[key(customers)]?.status.state).toBe('suppressed');
    });

    it('notifies dispatch once per city for single overdue items, the heartbeat for the Watchdog, and holds working-hours pages outside their interval', async () => {
      const overdue = {
        alertname: 'RepairArrivalOverdue',
        component: 'kpi',
        severity: 'notify',
        source: 'work_orders',
        parent: 'ah.anqing',
      };
      const watchdog = { alertname: 'Watchdog', component: 'monitoring', severity: 'none' };
      const held = {
        alertname: 'WorkOrderTimeoutBudgetBurn',
        component: 'kpi',
        severity: 'page',
        source: 'work_orders',
        page_in: 'working_hours',
        region: 'ah.hefei.shushan',
      };
      const page = {
        alertname: 'RepairRestorationLateBudgetBurn',
        component: 'kpi',
        severity: 'page',
        source: 'work_orders',
        region: 'ah.hefei.shushan',
      };
      await post([
        { ...overdue, region: 'ah.anqing.yuexi' },
        { ...overdue, region: 'ah.anqing.taihu' },
        { ...overdue, region: 'ah.wuhu.nanling', parent: 'ah.wuhu' },
        watchdog,
        held,
        page,
      ]);
      // dispatch waits a minute to group; generous deadline for a busy machine
      const sent = await waitFor('dispatch, heartbeat and pager notifications', 150000, async () => {
        const all = await notifications();
        const dispatch = all.filter(
          (n) => n.receiver === 'dispatch' && n.groupLabels.alertname === overdue.alertname,
        );
        const ok =
          dispatch.length >= 2 &&
          all.some((n) => n.receiver === 'heartbeat') &&
          all.some((n) => n.groupLabels.alertname === page.alertname);
        return ok ? all : undefined;
      });
      // one message per city, each holding that city's counties (other tests' alerts aside)
      const dispatch = sent.filter(
        (n) => n.receiver === 'dispatch' && n.groupLabels.alertname === overdue.alertname,
      );
      const byCity = Object.fromEntries(
        dispatch.map((n) => [n.groupLabels.parent, n.alerts.map((a) => a.labels.region).sort()]),
      );
      expect(byCity).toEqual({
        'ah.anqing': ['ah.anqing.taihu', 'ah.anqing.yuexi'],
        'ah.wuhu': ['ah.wuhu.nanling'],
      });
      expect(dispatch).toHaveLength(2);
      const pager = sent
        .filter((n) => n.receiver === 'pager')
        .flatMap((n) => n.alerts.map((a) => a.labels.alertname));
      expect(pager).toContain(page.alertname);
      // the working-hours page was routed to the pager but muted: its interval is never active here
      expect(pager).not.toContain(held.alertname);
      const states = await settled([key(held)]);
      expect(states[key(held)]?.receivers.map((r) => r.name)).toEqual(['pager']);
    }, 180000);
  },
);
