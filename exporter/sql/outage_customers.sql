-- outage_customers: outage_experience, long_outage_customers
-- reads every row, every experience_interval (a schedule of its own)
-- bindings: t, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select * from (
with p as (select ?::timestamptz as t, ?::timestamptz as horizon, ?::text[] as region_ids, ?::text[] as label_regions),
x as (
  select oc.customer_id as customer_id, count(distinct o.id) as outages, bool_or(o.start_at + interval '14400 seconds' < p.t and (o.end_at is null or o.end_at > o.start_at + interval '14400 seconds')) as long
  from p, "crm"."outages" o
  join "crm"."outage_customers" oc on oc.outage_id = o.id
  left join unnest((select region_ids from p), (select label_regions from p)) as orm(id, label) on orm.id = o.region_id
  where o.start_at <= p.t and o.start_at > p.t - interval '31536000 seconds'
    and not (o.cancelled_at is not null and o.cancelled_at <= o.start_at)
    and (o.id is null) is not true
    and (o.region_id is null) is not true
    and (o.region_id is not null and orm.id is null) is not true
    and (o.kind is null) is not true
    and (o.kind not in ('planned', 'temporary', 'fault', 'load_shedding', 'breach', 'arrears')) is not true
    and (o.area_class is null) is not true
    and (o.area_class not in ('urban', 'rural', 'remote')) is not true
    and (o.affected_customers is null) is not true
    and (o.affected_customers < 0) is not true
    and (o.notified_at < '1970-01-01T00:00:00Z' or o.notified_at > p.horizon) is not true
    and (o.start_at is null) is not true
    and (o.start_at < '1970-01-01T00:00:00Z' or o.start_at > p.horizon) is not true
    and (o.planned_end_at < '1970-01-01T00:00:00Z' or o.planned_end_at > p.horizon) is not true
    and (o.end_at < '1970-01-01T00:00:00Z' or o.end_at > p.horizon) is not true
    and (o.info_reported_at < '1970-01-01T00:00:00Z' or o.info_reported_at > p.horizon) is not true
    and (o.restore_reported_at < '1970-01-01T00:00:00Z' or o.restore_reported_at > p.horizon) is not true
    and (o.cancelled_at < '1970-01-01T00:00:00Z' or o.cancelled_at > p.horizon) is not true
  group by oc.customer_id
)
select rm.label as "region",
  c.segment as "segment",
  (case when x.outages >= 3 then '3+' else x.outages::text end) as "outages",
  count(*) as customers, count(*) filter (where x.long) as long_outage
from p, x
join "crm"."customers" c on c.id = x.customer_id
left join unnest((select region_ids from p), (select label_regions from p)) as rm(id, label) on rm.id = c.region_id
where c.opened_at <= p.t and (c.closed_at is null or c.closed_at > p.t)
  and (c.id is null) is not true
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
  and (c.credit_grade not in ('A', 'B', 'C', 'D')) is not true
  and (c.vulnerable is null) is not true
group by 1, 2, 3
offset 0) g
where (g."segment" = '') is not true
  and (length(g."segment") > 100) is not true
  and ((current_setting('server_encoding') = 'SQL_ASCII' and g."segment" ~ '[^ -~]' and encode(convert_to(g."segment", 'SQL_ASCII'), 'hex') !~ '^([0-7][0-9a-f]|(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]|e0[ab][0-9a-f][89ab][0-9a-f]|(e[1-9a-c]|e[ef])[89ab][0-9a-f][89ab][0-9a-f]|ed[89][0-9a-f][89ab][0-9a-f]|f0[9ab][0-9a-f]([89ab][0-9a-f]){2}|f[1-3]([89ab][0-9a-f]){3}|f48[0-9a-f]([89ab][0-9a-f]){2})*$')) is not true
  and (case when current_setting('server_encoding') = 'SQL_ASCII' then g."segment" ~ '[^ -~]' and encode(convert_to(g."segment", 'SQL_ASCII'), 'hex') ~ '^(..)*(00|01|02|03|04|05|06|07|08|09|0a|0b|0c|0d|0e|0f|10|11|12|13|14|15|16|17|18|19|1a|1b|1c|1d|1e|1f|7f|c280|c281|c282|c283|c284|c285|c286|c287|c288|c289|c28a|c28b|c28c|c28d|c28e|c28f|c290|c291|c292|c293|c294|c295|c296|c297|c298|c299|c29a|c29b|c29c|c29d|c29e|c29f|c2ad|d89c|e1a08e|e2808b|e2808c|e2808d|e2808e|e2808f|e280aa|e280ab|e280ac|e280ad|e280ae|e281a0|e281a1|e281a2|e281a3|e281a4|e281a6|e281a7|e281a8|e281a9|e281aa|e281ab|e281ac|e281ad|e281ae|e281af|efbbbf)' else g."segment" ~ '[\u0001-\u001f\u007f-\u009f\u00ad-\u00ad\u061c-\u061c\u180e-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff-\ufeff]' end) is not true;
