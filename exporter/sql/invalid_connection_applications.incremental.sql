-- invalid_connection_applications: invalid_connection_applications
-- reads the rows of moments after the previous watermark w0: an incremental refresh
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select reason, count(*) filter (where a <= checked.w and a > checked.w0) as settled,
  count(*) filter (where a > checked.w or a is null) as live from (
  select case
    when ca.id is null then 'null_id'
    when ca.region_id is null then 'null_region_id'
    when ca.region_id is not null and rm.id is null then 'unknown_region_id'
    when ca.segment is null then 'null_segment'
    when ca.segment = '' then 'empty_segment'
    when length(ca.segment) > 100 then 'oversized_segment'
    when ca.segment ~ '[[:cntrl:]]' then 'unprintable_segment'
    when ca.customer_class is null then 'null_customer_class'
    when ca.customer_class not in ('residential', 'low_voltage', 'hv_single', 'hv_dual') then 'unknown_customer_class'
    when ca.accepted_at is null then 'null_accepted_at'
    when ca.accepted_at < '1970-01-01T00:00:00Z' or ca.accepted_at > p.horizon then 'implausible_accepted_at'
    when ca.deadline_at is null then 'null_deadline_at'
    when ca.deadline_at < '1970-01-01T00:00:00Z' or ca.deadline_at > p.horizon then 'implausible_deadline_at'
    when ca.completed_at < '1970-01-01T00:00:00Z' or ca.completed_at > p.horizon then 'implausible_completed_at'
    when ca.cancelled_at < '1970-01-01T00:00:00Z' or ca.cancelled_at > p.horizon then 'implausible_cancelled_at'
  end as reason, ca.accepted_at as a, p.w, p.w0
  from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."connection_applications" ca left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = ca.region_id
  where ca.accepted_at > p.w0 or ca.accepted_at is null
) checked where reason is not null group by reason;
