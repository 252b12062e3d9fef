-- invalid_outages: invalid_outages
-- reads every row: a full recount (its settled part; the live part is read as recent rows)
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select reason, count(*) filter (where a <= checked.w) as settled,
  count(*) filter (where a > checked.w or a is null) as live from (
  select case
    when o.id is null then 'null_id'
    when o.region_id is null then 'null_region_id'
    when o.region_id is not null and rm.id is null then 'unknown_region_id'
    when o.kind is null then 'null_kind'
    when o.kind not in ('planned', 'temporary', 'fault', 'load_shedding', 'breach', 'arrears') then 'unknown_kind'
    when o.area_class is null then 'null_area_class'
    when o.area_class not in ('urban', 'rural', 'remote') then 'unknown_area_class'
    when o.affected_customers is null then 'null_affected_customers'
    when o.affected_customers < 0 then 'negative_affected_customers'
    when o.notified_at < '1970-01-01T00:00:00Z' or o.notified_at > p.horizon then 'implausible_notified_at'
    when o.start_at is null then 'null_start_at'
    when o.start_at < '1970-01-01T00:00:00Z' or o.start_at > p.horizon then 'implausible_start_at'
    when o.planned_end_at < '1970-01-01T00:00:00Z' or o.planned_end_at > p.horizon then 'implausible_planned_end_at'
    when o.end_at < '1970-01-01T00:00:00Z' or o.end_at > p.horizon then 'implausible_end_at'
    when o.info_reported_at < '1970-01-01T00:00:00Z' or o.info_reported_at > p.horizon then 'implausible_info_reported_at'
    when o.restore_reported_at < '1970-01-01T00:00:00Z' or o.restore_reported_at > p.horizon then 'implausible_restore_reported_at'
    when o.cancelled_at < '1970-01-01T00:00:00Z' or o.cancelled_at > p.horizon then 'implausible_cancelled_at'
  end as reason, o.start_at as a, p.w, p.w0
  from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."outages" o left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = o.region_id

) checked where reason is not null group by reason;
