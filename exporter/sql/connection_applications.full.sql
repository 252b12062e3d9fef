-- connection_applications: connection
-- reads every row: a full recount (its settled part; the live part is read as recent rows)
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select rm.label as "region",
  ca.segment as "segment",
  ca.customer_class as "customer_class",
  count(*) filter (where ca.accepted_at <= p.w) as settled_0,
  count(*) filter (where (not (ca.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= ca.deadline_at and (ca.completed_at is null or ca.cancelled_at <= ca.completed_at))) and ca.completed_at <= ca.deadline_at) and (case when ca.completed_at is not null and ca.accepted_at is not null then greatest(ca.completed_at, ca.accepted_at) end) <= p.w) as settled_1,
  count(*) filter (where (not (ca.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= ca.deadline_at and (ca.completed_at is null or ca.cancelled_at <= ca.completed_at))) and (ca.completed_at is null or ca.completed_at > ca.deadline_at)) and (case when ca.deadline_at is not null and ca.accepted_at is not null then greatest(ca.deadline_at, ca.accepted_at) end) <= p.w) as settled_2,
  count(*) filter (where (not (ca.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= ca.deadline_at and (ca.completed_at is null or ca.cancelled_at <= ca.completed_at)))) and (case when ca.deadline_at is not null and ca.accepted_at is not null then greatest(ca.deadline_at, ca.accepted_at) end) <= p.w) as settled_3,
  count(*) filter (where (not (ca.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= ca.deadline_at and (ca.completed_at is null or ca.cancelled_at <= ca.completed_at)))) and (case when (case when ca.deadline_at is not null and least(ca.completed_at, ca.cancelled_at) is not null then greatest(ca.deadline_at, least(ca.completed_at, ca.cancelled_at)) end) is not null and ca.accepted_at is not null then greatest((case when ca.deadline_at is not null and least(ca.completed_at, ca.cancelled_at) is not null then greatest(ca.deadline_at, least(ca.completed_at, ca.cancelled_at)) end), ca.accepted_at) end) <= p.w) as settled_4,
  count(*) filter (where (not (ca.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= ca.deadline_at and (ca.completed_at is null or ca.cancelled_at <= ca.completed_at)))) and (case when ca.completed_at is not null and ca.accepted_at is not null then greatest(ca.completed_at, ca.accepted_at) end) <= p.w) as settled_5,
  coalesce(sum(greatest(round(extract(epoch from (ca.completed_at - ca.accepted_at)) * 1000000), 0)::bigint) filter (where (not (ca.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= ca.deadline_at and (ca.completed_at is null or ca.cancelled_at <= ca.completed_at)))) and (case when ca.completed_at is not null and ca.accepted_at is not null then greatest(ca.completed_at, ca.accepted_at) end) <= p.w), 0) as settled_6
from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."connection_applications" ca left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = ca.region_id
where (ca.id is null) is not true
  and (ca.region_id is null) is not true
  and (ca.region_id is not null and rm.id is null) is not true
  and (ca.segment is null) is not true
  and (ca.customer_class is null) is not true
  and (ca.customer_class not in ('residential', 'low_voltage', 'hv_single', 'hv_dual')) is not true
  and (ca.accepted_at is null) is not true
  and (ca.accepted_at < '1970-01-01T00:00:00Z' or ca.accepted_at > p.horizon) is not true
  and (ca.deadline_at is null) is not true
  and (ca.deadline_at < '1970-01-01T00:00:00Z' or ca.deadline_at > p.horizon) is not true
  and (ca.completed_at < '1970-01-01T00:00:00Z' or ca.completed_at > p.horizon) is not true
  and (ca.cancelled_at < '1970-01-01T00:00:00Z' or ca.cancelled_at > p.horizon) is not true
group by 1, 2, 3
having (ca.segment = '') is not true
  and (length(ca.segment) > 100) is not true
  and (ca.segment ~ '[[:cntrl:]]') is not true;
