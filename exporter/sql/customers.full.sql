-- customers: customers
-- reads every row: a full recount (its settled part; the live part is read as recent rows)
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select rm.label as "region",
  c.segment as "segment",
  count(*) filter (where c.opened_at <= p.w) as settled_0,
  count(*) filter (where c.opened_at <= p.w) as settled_1,
  count(*) filter (where (case when (case when c.opened_at is not null and c.closed_at is not null then greatest(c.opened_at, c.closed_at) end) is not null and c.opened_at is not null then greatest((case when c.opened_at is not null and c.closed_at is not null then greatest(c.opened_at, c.closed_at) end), c.opened_at) end) <= p.w) as settled_2,
  count(*) filter (where (c.sensitivity >= 3) and c.opened_at <= p.w) as settled_3,
  count(*) filter (where (c.sensitivity >= 3) and (case when (case when c.opened_at is not null and c.closed_at is not null then greatest(c.opened_at, c.closed_at) end) is not null and c.opened_at is not null then greatest((case when c.opened_at is not null and c.closed_at is not null then greatest(c.opened_at, c.closed_at) end), c.opened_at) end) <= p.w) as settled_4
from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."customers" c left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = c.region_id
where (c.id is null) is not true
  and (c.region_id is null) is not true
  and (c.region_id is not null and rm.id is null) is not true
  and (c.segment is null) is not true
  and (c.area_class is null) is not true
  and (c.area_class not in ('urban', 'rural', 'remote')) is not true
  and (c.sensitivity is null) is not true
  and (c.sensitivity < 0) is not true
  and (c.opened_at is null) is not true
  and (c.opened_at < '1970-01-01T00:00:00Z' or c.opened_at > p.horizon) is not true
  and (c.closed_at < '1970-01-01T00:00:00Z' or c.closed_at > p.horizon) is not true
group by 1, 2
having (c.segment = '') is not true
  and (length(c.segment) > 100) is not true
  and (c.segment ~ '[[:cntrl:]]') is not true;
