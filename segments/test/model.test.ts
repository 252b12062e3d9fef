import { availableFeatures } from '../src/features';
import { isBalanced, nearest, scalingOf, shares, silhouette, standardize, subsample } from '../src/model';
import { adjustedRandIndex } from './support/ari';

describe('adjusted Rand index (the test helper), against the values in scikit-learn’s documentation', () => {
  test.each([
    [[0, 0, 1, 1], [0, 0, 1, 1], 1],
    [[0, 0, 1, 1], [1, 1, 0, 0], 1],
    [[0, 0, 1, 2], [0, 0, 1, 1], 4 / 7],
    [[0, 0, 1, 1], [0, 0, 1, 2], 4 / 7],
    [[0, 0, 0, 0], [0, 1, 2, 3], 0],
    [[0, 0, 1, 1], [0, 1, 0, 1], -0.5],
  ])('%j vs %j = %d', (a, b, expected) => {
    expect(adjustedRandIndex(a.map(String), b.map(String))).toBeCloseTo(expected, 12);
  });
});

test('silhouette of two tight pairs on a line, computed by hand', () => {
  // 0 and 11: a = 1, b = 10.5; 1 and 10: a = 1, b = 9.5
  const expected = (2 * (1 - 1 / 10.5) + 2 * (1 - 1 / 9.5)) / 4;
  expect(silhouette([[0], [1], [10], [11]], [0, 0, 1, 1], 2)).toBeCloseTo(expected, 12);
  // a point alone in its group counts 0: 0 has a = 1, b = 10; 1 has a = 1, b = 9
  expect(silhouette([[0], [1], [10]], [0, 0, 1], 2)).toBeCloseTo((1 - 1 / 10 + (1 - 1 / 9) + 0) / 3, 12);
});

test('scaling is the mean and population standard deviation; standardizing centres on 0', () => {
  const rows = [
    [1, 5],
    [2, 5],
    [3, 5],
    [4, 5],
  ];
  const scaling = scalingOf(rows, 2);
  expect(scaling[0]!.mean).toBe(2.5);
  expect(scaling[0]!.scale).toBeCloseTo(Math.sqrt(1.25), 12);
  expect(scaling[1]!.scale).toBe(0);
  expect(standardize([[2.5, 0]], [scaling[0]!, { mean: 0, scale: 1 }])).toEqual([[0, 0]]);
});

test('nearest centroid, shares and the balance bounds', () => {
  expect(
    nearest(
      [0.9, 0],
      [
        [0, 0],
        [1, 0],
        [5, 5],
      ],
    ),
  ).toBe(1);
  expect(shares([0, 1, 1, 2], 3)).toEqual([0.25, 0.5, 0.25]);
  expect(isBalanced([0.25, 0.5, 0.25], { minShare: 0.05, maxShare: 0.45 })).toBe(false);
  expect(isBalanced([0.3, 0.4, 0.3], { minShare: 0.05, maxShare: 0.45 })).toBe(true);
});

test('a subsample is the same for the same seed, distinct and sorted', () => {
  const a = subsample(1000, 50, 3);
  expect(a).toEqual(subsample(1000, 50, 3));
  expect(a).not.toEqual(subsample(1000, 50, 4));
  expect(new Set(a).size).toBe(50);
  expect([...a].sort((x, y) => x - y)).toEqual(a);
  expect(subsample(10, 50, 3)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('features whose sources a v1 CRM lacks are left out, naming the relation or column', () => {
  const v1 = new Map([
    ['customers', new Set(['id', 'opened_at', 'closed_at', 'sensitivity', 'area_class'])],
    ['work_orders', new Set(['customer_id', 'type', 'accepted_at', 'substantiated', 'is_repeat'])],
    ['outages', new Set(['id', 'start_at', 'end_at', 'cancelled_at'])],
  ]);
  const { available, missing } = availableFeatures(v1);
  expect(available.map((f) => f.key)).toEqual([
    'complaints',
    'substantiated_complaints',
    'repeat_complaints',
    'work_orders',
    'repairs',
    'sensitivity',
    'remoteness',
    'tenure_years',
  ]);
  expect(Object.fromEntries(missing.map((m) => [m.feature.key, m.lacks]))).toEqual({
    outages: ['outage_customers'],
    long_outages: ['outage_customers'],
    arrears_bills: ['arrears'],
    arrears_amount: ['arrears'],
    credit_risk: ['customers.credit_grade'],
    vulnerable: ['customers.vulnerable'],
  });
  expect(() => availableFeatures(new Map([['customers', new Set(['id'])]]))).toThrow(
    'the schema lacks customers.opened_at, customers.closed_at',
  );
});
