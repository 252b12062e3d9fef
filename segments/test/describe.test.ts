import { describeSegments } from '../src/describe';
import { FEATURES } from '../src/features';
import type { Proposal } from '../src/propose';
import { deviationColour, escapeHtml, reportHtml } from '../src/report';
import { viewSql } from '../src/sql';

const byKey = (...keys: string[]) => keys.map((k) => FEATURES.find((f) => f.key === k)!);

describe('profiles and names', () => {
  // three customers: two with many outages (one theme: outages, long_outages) and repairs, one quiet
  const features = byKey('outages', 'long_outages', 'repairs');
  const raw = [
    [8, 3, 4],
    [6, 1, 2],
    [0, 0, 0],
  ];
  const standardized = [
    [1, 1, 0.8],
    [0.5, 0.2, 0.6],
    [-1.5, -1.2, -1.4],
  ];
  const segments = describeSegments({
    features,
    raw,
    standardized,
    groups: [0, 0, 1],
    centroids: [
      [0.75, 0.6, 0.7],
      [-1.5, -1.2, -1.4],
    ],
  });

  test('largest group first, with its share, means and deviation from the overall mean', () => {
    expect(segments.map((s) => [s.size, s.share])).toEqual([
      [2, 2 / 3],
      [1, 1 / 3],
    ]);
    expect(segments[0]!.profile[0]).toEqual({
      feature: 'outages',
      mean: 7,
      overallMean: 14 / 3,
      deviation: 0.75,
    });
    expect(segments[1]!.profile[2]!.deviation).toBe(-1.4);
  });

  test('a name takes the two most distinctive traits, one per theme', () => {
    // outages (0.75) and long_outages (0.6) share a theme: repairs (0.7) is the second trait
    expect(segments[0]!.code).toBe('frequent_outages_repairs');
    expect(segments[0]!.name).toEqual({ zh: '频繁停电·报修多', en: 'frequent outages, many repairs' });
    expect(segments[1]!.code).toBe('reliable_supply_few_repairs');
  });

  test('groups without a distinctive trait are typical; equal names are numbered', () => {
    const flat = describeSegments({
      features: byKey('repairs'),
      raw: [[1], [1], [1]],
      standardized: [[0.1], [0], [-0.1]],
      groups: [0, 1, 2],
      centroids: [[0.1], [0], [-0.1]],
    });
    expect(flat.map((s) => s.code)).toEqual(['typical', 'typical_2', 'typical_3']);
  });
});

describe('report.html', () => {
  const proposal: Proposal = {
    schema: 'crm',
    asOf: '2026-11-30T00:00:00.000Z',
    windowMonths: 12,
    seed: 1,
    customers: 100,
    sampleSize: 100,
    features: byKey('repairs').map((f) => ({ ...f, mean: 0.1, scale: 0.3 })),
    leftOut: [{ key: 'arrears_bills', zh: '欠费', en: 'arrears', reason: 'the CRM lacks arrears' }],
    invalidRows: [{ reason: 'unknown_area_class', rows: 3, readAs: 'urban' }],
    criterion: {
      description: 'k-means <b>',
      balance: { minShare: 0.05, maxShare: 0.45 },
      traitDeviation: 0.25,
    },
    k: 2,
    segments: [
      {
        code: 'a',
        name: { zh: '<script>alert(1)</script>', en: 'x & "y"' },
        share: 0.6,
        size: 60,
        centroid: [1],
        profile: [{ feature: 'repairs', mean: 2, overallMean: 1, deviation: 1.5 }],
      },
      {
        code: 'b',
        name: { zh: '乙', en: 'b' },
        share: 0.4,
        size: 40,
        centroid: [-1],
        profile: [{ feature: 'repairs', mean: 0, overallMean: 1, deviation: -3 }],
      },
    ],
    quality: { silhouette: 0.5, inertiaPerCustomer: 1, converged: true, iterations: 3, candidates: [] },
  };
  const page = reportHtml(proposal);

  test('text is escaped and nothing is loaded from elsewhere', () => {
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('x &amp; &quot;y&quot;');
    expect(page).toContain('k-means &lt;b&gt;');
    expect(page).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(escapeHtml(`<'&">`)).toBe('&lt;&#39;&amp;&quot;&gt;');
  });

  test('cells are coloured by their deviation: red above, blue below, saturated at 1.5 σ', () => {
    expect(deviationColour(0)).toBe('rgb(255, 255, 255)');
    expect(deviationColour(1.5)).toBe('rgb(214, 39, 40)');
    expect(deviationColour(-3)).toBe('rgb(31, 119, 180)');
    expect(page).toContain('background:rgb(214, 39, 40)');
    expect(page).toContain('background:rgb(31, 119, 180)');
    expect(page).toContain('the CRM lacks arrears');
    expect(page).toContain('<code>unknown_area_class</code>: 3 customers, urban');
  });
});

test('the view quotes names and needs finite centroids', () => {
  const options = {
    features: byKey('repairs'),
    scaling: [{ mean: 0.1, scale: 0.3 }],
    windowMonths: 12,
  };
  const sql = viewSql({ ...options, segments: [{ code: 'a', name: "o'brien", centroid: [1] }] });
  expect(sql).toMatch(/^create view customer_segments \(customer_id, segment, segment_name\) as$/m);
  expect(sql).toContain("('a', 'o''brien', 1::float8)");
  expect(sql).toContain('(ln(1 + f.repairs) - 0.1) / 0.3 as repairs');
  expect(() => viewSql({ ...options, segments: [{ code: 'a', name: 'a', centroid: [NaN] }] })).toThrow(
    'not a finite number',
  );
});
