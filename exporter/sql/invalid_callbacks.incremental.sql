-- invalid_callbacks: invalid_callbacks
-- reads the rows of moments after the previous watermark w0: an incremental refresh
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select reason, count(*) filter (where a <= checked.w and a > checked.w0) as settled,
  count(*) filter (where a > checked.w or a is null) as live from (
  select case
    when cb.id is null then 'null_id'
    when cb.work_order_id is null then 'null_work_order_id'
    when cb.called_at is null then 'null_called_at'
    when cb.called_at < '1970-01-01T00:00:00Z' or cb.called_at > p.horizon then 'implausible_called_at'
    when cb.reached is null then 'null_reached'
    when cb.satisfaction not in ('satisfied', 'basically_satisfied', 'dissatisfied') then 'unknown_satisfaction'
    when wo.id is null then 'unknown_work_order_id'
    when wo.type is null then 'invalid_work_order'
    when wo.type not in ('consultation', 'complaint', 'report', 'opinion', 'suggestion', 'praise', 'repair', 'service_request', 'urge') then 'invalid_work_order'
    when wo.channel is null then 'invalid_work_order'
    when wo.channel = '' then 'invalid_work_order'
    when length(wo.channel) > 100 then 'invalid_work_order'
    when wo.channel ~ '[[:cntrl:]]' then 'invalid_work_order'
    when wo.region_id is null then 'invalid_work_order'
    when wo.region_id is not null and rm.id is null then 'invalid_work_order'
    when wo.segment is null then 'invalid_work_order'
    when wo.segment = '' then 'invalid_work_order'
    when length(wo.segment) > 100 then 'invalid_work_order'
    when wo.segment ~ '[[:cntrl:]]' then 'invalid_work_order'
    when wo.area_class is null then 'invalid_work_order'
    when wo.area_class not in ('urban', 'rural', 'remote') then 'invalid_work_order'
    when wo.accepted_at is null then 'invalid_work_order'
    when wo.accepted_at < '1970-01-01T00:00:00Z' or wo.accepted_at > p.horizon then 'invalid_work_order'
    when wo.deadline_at < '1970-01-01T00:00:00Z' or wo.deadline_at > p.horizon then 'invalid_work_order'
    when wo.closed_at < '1970-01-01T00:00:00Z' or wo.closed_at > p.horizon then 'invalid_work_order'
    when wo.cancelled_at < '1970-01-01T00:00:00Z' or wo.cancelled_at > p.horizon then 'invalid_work_order'
    when wo.returned_count is null then 'invalid_work_order'
    when wo.returned_count < 0 then 'invalid_work_order'
    when wo.needs_visit is null then 'invalid_work_order'
    when wo.arrived_at < '1970-01-01T00:00:00Z' or wo.arrived_at > p.horizon then 'invalid_work_order'
    when wo.restored_at < '1970-01-01T00:00:00Z' or wo.restored_at > p.horizon then 'invalid_work_order'
    when wo.is_repeat is null then 'invalid_work_order'
  end as reason, cb.called_at as a, p.w, p.w0
  from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."callbacks" cb left join "crm"."work_orders" wo on wo.id = cb.work_order_id left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = wo.region_id
  where cb.called_at > p.w0 or cb.called_at is null
) checked where reason is not null group by reason;
