-- invalid_work_orders: invalid_work_orders
-- reads every row: a full recount (its settled part; the live part is read as recent rows)
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select reason, count(*) filter (where a <= checked.w) as settled,
  count(*) filter (where a > checked.w or a is null) as live from (
  select case
    when wo.id is null then 'null_id'
    when wo.type is null then 'null_type'
    when wo.type not in ('consultation', 'complaint', 'report', 'opinion', 'suggestion', 'praise', 'repair', 'service_request', 'urge') then 'unknown_type'
    when wo.channel is null then 'null_channel'
    when wo.channel = '' then 'empty_channel'
    when length(wo.channel) > 100 then 'oversized_channel'
    when wo.channel ~ '[[:cntrl:]]' then 'unprintable_channel'
    when wo.region_id is null then 'null_region_id'
    when wo.region_id is not null and rm.id is null then 'unknown_region_id'
    when wo.segment is null then 'null_segment'
    when wo.segment = '' then 'empty_segment'
    when length(wo.segment) > 100 then 'oversized_segment'
    when wo.segment ~ '[[:cntrl:]]' then 'unprintable_segment'
    when wo.area_class is null then 'null_area_class'
    when wo.area_class not in ('urban', 'rural', 'remote') then 'unknown_area_class'
    when wo.accepted_at is null then 'null_accepted_at'
    when wo.accepted_at < '1970-01-01T00:00:00Z' or wo.accepted_at > p.horizon then 'implausible_accepted_at'
    when wo.deadline_at < '1970-01-01T00:00:00Z' or wo.deadline_at > p.horizon then 'implausible_deadline_at'
    when wo.closed_at < '1970-01-01T00:00:00Z' or wo.closed_at > p.horizon then 'implausible_closed_at'
    when wo.cancelled_at < '1970-01-01T00:00:00Z' or wo.cancelled_at > p.horizon then 'implausible_cancelled_at'
    when wo.returned_count is null then 'null_returned_count'
    when wo.returned_count < 0 then 'negative_returned_count'
    when wo.needs_visit is null then 'null_needs_visit'
    when wo.arrived_at < '1970-01-01T00:00:00Z' or wo.arrived_at > p.horizon then 'implausible_arrived_at'
    when wo.restored_at < '1970-01-01T00:00:00Z' or wo.restored_at > p.horizon then 'implausible_restored_at'
    when wo.is_repeat is null then 'null_is_repeat'
  end as reason, wo.accepted_at as a, p.w, p.w0
  from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."work_orders" wo left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = wo.region_id

) checked where reason is not null group by reason;
