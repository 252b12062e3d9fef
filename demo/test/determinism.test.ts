import { seedDemo } from '../src/data';
import { RELATIONS } from '@service-kpi-monitor/exporter/contract';
import { createTestDatabase, type TestDatabase } from '../../exporter/test/support/db';

const ANCHOR = new Date('2026-01-05T16:00:00Z');

/** md5 of every relation's rows in text order: equal digests, equal content. */
async function digests(db: TestDatabase): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const relation of RELATIONS) {
    const { rows } = await db.admin.raw<{ rows: { md5: string; n: string }[] }>(
      `select md5(string_agg(t::text, E'\\n' order by t::text)) as md5, count(*) as n from ??.?? t`,
      [db.schema, relation],
    );
    result[relation] = `${rows[0]!.n}:${rows[0]!.md5}`;
  }
  return result;
}

describe('demo data determinism', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
  });

  async function seeded(seed?: number) {
    const db = await createTestDatabase();
    dbs.push(db);
    await seedDemo(db.admin, { schema: db.schema, workOrders: 4000, anchor: ANCHOR, seed });
    return digests(db);
  }

  it('gives identical content for the same seed, size and anchor, and different content for another seed', async () => {
    const [first, second, other] = [await seeded(), await seeded(), await seeded(7)];
    expect(second).toEqual(first);
    expect(Number(first.work_orders!.split(':')[0])).toBe(4000);
    for (const relation of RELATIONS)
      expect([relation, Number(first[relation]!.split(':')[0]) > 0]).toEqual([relation, true]);
    for (const relation of RELATIONS.filter((r) => r !== 'regions')) {
      expect(other[relation]).not.toEqual(first[relation]);
    }
    expect(other.regions).toEqual(first.regions);
  });
});
