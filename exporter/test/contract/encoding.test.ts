/**
 * A CRM database in SQL_ASCII stores any bytes: a row whose text is not valid UTF-8 is an invalid row
 * like any other, skipped and counted; the rest, Chinese labels included, is published.
 */
import fc from 'fast-check';
import { notUtf8Sql, unprintableSql } from '../../src/kpi/label-text';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startTestExporter, type TestExporter } from '../support/exporter';
import { sampleValue } from '../support/exposition';

describe('a SQL_ASCII database with text that is not UTF-8', () => {
  let db: TestDatabase;
  let exporter: TestExporter;

  beforeAll(async () => {
    db = await createTestDatabase({ encoding: 'SQL_ASCII' });
    const crm = () => db.admin.withSchema(db.schema);
    await crm()
      .table('regions')
      .insert([
        { id: 'p', name: '省', parent_id: null, level: 'province' },
        { id: 'p.k', name: '县', parent_id: 'p', level: 'county' },
      ]);
    // GBK bytes of 居民 (0xbe 0xd3 0xc3 0xf1): not UTF-8, as a CRM written by another client stores them
    await db.admin.raw(
      `insert into ??.regions (id, name, parent_id, level) values ('p.x', convert_from('\\xbed3c3f1'::bytea, 'SQL_ASCII'), 'p', 'county')`,
      [db.schema],
    );
    const customer = (id: number, segment: string) => ({
      id,
      region_id: 'p.k',
      segment,
      area_class: 'urban',
      sensitivity: 0,
      opened_at: '2020-01-01T00:00:00Z',
    });
    await crm()
      .table('customers')
      .insert([customer(1, '居民'), customer(2, '居民'), customer(3, 'x')]);
    await db.admin.raw(
      `update ??.customers set segment = convert_from('\\xbed3c3f1'::bytea, 'SQL_ASCII') where id = 3`,
      [db.schema],
    );
    exporter = await startTestExporter(db);
  });
  afterAll(async () => {
    await exporter?.stop();
    await db?.close();
  });

  it('skips and counts the rows that are not UTF-8, and publishes the rest', async () => {
    const body = await exporter.scrape();
    expect(sampleValue(body, 'crm_exporter_up')).toBe(1);
    expect(sampleValue(body, 'crm_customers{region="p.k",segment="居民"}')).toBe(2);
    expect(body).toContain('crm_region_info{region="p.k",name="县",parent="p",level="county"} 1');
    expect(body).not.toContain('\ufffd');
    expect(
      sampleValue(body, 'crm_exporter_invalid_rows_total{relation="customers",reason="not_utf8_segment"}'),
    ).toBe(1);
    expect(
      sampleValue(body, 'crm_exporter_invalid_rows_total{relation="regions",reason="not_utf8_name"}'),
    ).toBe(1);
  });

  it('tells UTF-8 from what is not, byte by byte, as Unicode defines it', async () => {
    const check = async (hex: string) => {
      const { rows } = await db.admin.raw<{ rows: { bad: boolean }[] }>(
        `select ${notUtf8Sql('v')} as bad from (select convert_from(decode(?, 'hex'), 'SQL_ASCII') as v) t`,
        [hex],
      );
      return rows[0]?.bad;
    };
    // every well-formed character, from each range of the encoding (no NUL: text cannot hold it)
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1 }), async (text) => {
        const hex = Buffer.from(text.replaceAll('\0', ' '), 'utf8').toString('hex');
        expect(await check(hex)).toBe(false);
      }),
      { numRuns: 100 },
    );
    // overlong, surrogate, beyond U+10FFFF, stray continuation, truncated
    for (const hex of ['c080', 'e08080', 'eda080', 'f4908080', 'f5808080', '80', 'e4b8', '41ff42'])
      expect([hex, await check(hex)]).toEqual([hex, true]);
  });

  it('finds control and invisible characters in any text', async () => {
    const { rows } = await db.admin.raw<{ rows: { bad: boolean }[] }>(
      `select ${unprintableSql('v')} as bad from unnest(?::text[]) with ordinality as t(v, i) order by i`,
      [['居民', 'a\u200bb', 'x\u202ey', '\u0085', 'e\u0301', '😀']],
    );
    expect(rows.map((r) => r.bad)).toEqual([false, true, true, true, false, false]);
  });
});
