import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { metricCatalog, type KpiMetricDoc } from '../../src/docs/catalog';
import { REPO_ROOT, SQL_DIR, generatedFiles } from '../../src/docs/generated';
import { DECLARATIONS, kpiFamilies, type Declarations } from '../../src/kpi';
import { at } from '../../src/kpi/moments';
import { columnRefs } from '../../src/kpi/sql-text';
import { timerFamilies, type TimerDeclaration } from '../../src/kpi/timers';
import { OUTAGES_FIXTURE } from './fixtures/families';

describe('generated files (regenerate: npm run docs -w exporter)', () => {
  const files = generatedFiles();

  it.each([...files.keys()])('%s is up to date with the declarations', (path) => {
    expect(readFileSync(join(REPO_ROOT, path), 'utf8')).toBe(files.get(path));
  });

  it('keeps no golden SQL of a query that no longer exists', () => {
    const stale = readdirSync(join(REPO_ROOT, SQL_DIR)).filter((name) => !files.has(`${SQL_DIR}/${name}`));
    expect(stale).toEqual([]);
  });

  it('lists every metric of the catalog with its type and labels in the reference', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/metrics-reference.md'), 'utf8');
    for (const m of metricCatalog()) {
      expect(doc).toContain(`| \`${m.name}\` | ${m.type} |`);
    }
  });
});

describe('a new declaration', () => {
  const wo = columnRefs('work_orders');
  const visit: TimerDeclaration = {
    name: 'fixture_visit',
    subject: 'a fixture visit',
    source: 'work_orders',
    labels: ['region', 'segment'],
    start: wo.accepted_at,
    stop: wo.arrived_at,
    deadline: () => at(wo.deadline_at),
    deadlineDoc: 'deadline_at',
  };
  const declarations: Declarations = {
    timers: [...DECLARATIONS.timers, visit],
    families: (config) => [...kpiFamilies(config), ...timerFamilies(config, [visit]), OUTAGES_FIXTURE],
  };
  const files = generatedFiles(declarations);
  const metrics = JSON.parse(files.get('catalog/metrics.json') as string) as KpiMetricDoc[];

  it('is in the catalogue, with its source query and timer part', () => {
    expect(metrics.find((m) => m.name === 'crm_fixture_visit_late_total')).toEqual({
      name: 'crm_fixture_visit_late_total',
      type: 'counter',
      help: 'SLA timers late, counted when the deadline passes: a fixture visit.',
      labels: ['region', 'segment'],
      family: 'fixture_visit',
      source: 'work_orders',
      timer: { name: 'fixture_visit', part: 'late', subject: 'a fixture visit' },
    });
    expect(metrics.filter((m) => m.family === 'fixture_visit').map((m) => m.timer?.part)).toEqual([
      'due',
      'late',
      'overdue',
      'completed',
      'seconds',
    ]);
    expect(metrics.find((m) => m.name === 'fixture_active')).toEqual({
      name: 'fixture_active',
      type: 'gauge',
      help: 'Started and not ended.',
      labels: ['region', 'kind'],
      family: 'fixture_outages',
      source: 'outages',
    });
  });

  it('is in the metrics reference, its timer row and its family', () => {
    const reference = files.get('docs/metrics-reference.md') as string;
    expect(reference).toContain(
      '| `fixture_visit` | work_orders | `accepted_at` | `arrived_at` | `deadline_at` | — |',
    );
    expect(reference).toContain('## Family `fixture_visit`');
    expect(reference).toContain('| `crm_fixture_visit_overdue` | gauge | `region`, `segment` |');
    expect(reference).toContain('| `fixture_active` | gauge | `region`, `kind` | Started and not ended. |');
  });

  it("is counted by its source's query, as the golden SQL shows", () => {
    const sql = files.get(`${SQL_DIR}/work_orders.incremental.sql`) as string;
    expect(sql).toMatch(/^-- work_orders: .*, fixture_visit, invalid_work_orders$/m);
    expect(sql).not.toBe(readFileSync(join(REPO_ROOT, SQL_DIR, 'work_orders.incremental.sql'), 'utf8'));
    expect(files.get(`${SQL_DIR}/outages.full.sql`)).toMatch(
      /^-- outages: .*, fixture_outages, invalid_outages$/m,
    );
  });
});
