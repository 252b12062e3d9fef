-- invalid_customers: invalid_customers
-- reads the rows of moments after the previous watermark w0: an incremental refresh
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select reason, count(*) filter (where a <= checked.w and a > checked.w0) as settled,
  count(*) filter (where a > checked.w or a is null) as live from (
  select case
    when c.id is null then 'null_id'
    when c.region_id is null then 'null_region_id'
    when c.region_id is not null and rm.id is null then 'unknown_region_id'
    when c.segment is null then 'null_segment'
    when c.segment = '' then 'empty_segment'
    when length(c.segment) > 100 then 'oversized_segment'
    when c.segment ~ '[[:cntrl:]]' then 'unprintable_segment'
    when c.area_class is null then 'null_area_class'
    when c.area_class not in ('urban', 'rural', 'remote') then 'unknown_area_class'
    when c.sensitivity is null then 'null_sensitivity'
    when c.sensitivity < 0 then 'negative_sensitivity'
    when c.opened_at is null then 'null_opened_at'
    when c.opened_at < '1970-01-01T00:00:00Z' or c.opened_at > p.horizon then 'implausible_opened_at'
    when c.closed_at < '1970-01-01T00:00:00Z' or c.closed_at > p.horizon then 'implausible_closed_at'
  end as reason, c.opened_at as a, p.w, p.w0
  from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."customers" c left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = c.region_id
  where c.opened_at > p.w0 or c.opened_at is null
) checked where reason is not null group by reason;
