-- callbacks: callbacks
-- reads every row: a full recount (its settled part; the live part is read as recent rows)
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select rm.label as "region",
  wo.segment as "segment",
  wo.channel as v0,
  count(*) filter (where cb.called_at <= p.w) as settled_0,
  count(*) filter (where cb.called_at <= p.w) as settled_1,
  count(*) filter (where (cb.reached) and cb.called_at <= p.w) as settled_2,
  count(*) filter (where (cb.satisfaction = 'dissatisfied') and cb.called_at <= p.w) as settled_3
from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."callbacks" cb left join "crm"."work_orders" wo on wo.id = cb.work_order_id left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = wo.region_id
where (cb.id is null) is not true
  and (cb.work_order_id is null) is not true
  and (cb.called_at is null) is not true
  and (cb.called_at < '1970-01-01T00:00:00Z' or cb.called_at > p.horizon) is not true
  and (cb.reached is null) is not true
  and (cb.satisfaction not in ('satisfied', 'basically_satisfied', 'dissatisfied')) is not true
  and (wo.id is null) is not true
  and (wo.type is null) is not true
  and (wo.type not in ('consultation', 'complaint', 'report', 'opinion', 'suggestion', 'praise', 'repair', 'service_request', 'urge')) is not true
  and (wo.channel is null) is not true
  and (wo.region_id is null) is not true
  and (wo.region_id is not null and rm.id is null) is not true
  and (wo.segment is null) is not true
  and (wo.area_class is null) is not true
  and (wo.area_class not in ('urban', 'rural', 'remote')) is not true
  and (wo.accepted_at is null) is not true
  and (wo.accepted_at < '1970-01-01T00:00:00Z' or wo.accepted_at > p.horizon) is not true
  and (wo.deadline_at < '1970-01-01T00:00:00Z' or wo.deadline_at > p.horizon) is not true
  and (wo.closed_at < '1970-01-01T00:00:00Z' or wo.closed_at > p.horizon) is not true
  and (wo.cancelled_at < '1970-01-01T00:00:00Z' or wo.cancelled_at > p.horizon) is not true
  and (wo.returned_count is null) is not true
  and (wo.returned_count < 0) is not true
  and (wo.needs_visit is null) is not true
  and (wo.arrived_at < '1970-01-01T00:00:00Z' or wo.arrived_at > p.horizon) is not true
  and (wo.restored_at < '1970-01-01T00:00:00Z' or wo.restored_at > p.horizon) is not true
  and (wo.is_repeat is null) is not true
group by 1, 2, 3
having (wo.channel = '') is not true
  and (length(wo.channel) > 100) is not true
  and (wo.channel ~ '[[:cntrl:]]') is not true
  and (wo.segment = '') is not true
  and (length(wo.segment) > 100) is not true
  and (wo.segment ~ '[[:cntrl:]]') is not true;
