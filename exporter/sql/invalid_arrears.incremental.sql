-- invalid_arrears: invalid_arrears
-- reads the rows of moments after the previous watermark w0: an incremental refresh
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select reason, count(*) filter (where a <= checked.w and a > checked.w0) as settled,
  count(*) filter (where a > checked.w or a is null) as live from (
  select case
    when ar.id is null then 'null_id'
    when ar.customer_id is null then 'null_customer_id'
    when ar.region_id is null then 'null_region_id'
    when ar.region_id is not null and rm.id is null then 'unknown_region_id'
    when ar.segment is null then 'null_segment'
    when ar.segment = '' then 'empty_segment'
    when length(ar.segment) > 100 then 'oversized_segment'
    when (current_setting('server_encoding') = 'SQL_ASCII' and ar.segment ~ '[^ -~]' and encode(convert_to(ar.segment, 'SQL_ASCII'), 'hex') !~ '^([0-7][0-9a-f]|(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]|e0[ab][0-9a-f][89ab][0-9a-f]|(e[1-9a-c]|e[ef])[89ab][0-9a-f][89ab][0-9a-f]|ed[89][0-9a-f][89ab][0-9a-f]|f0[9ab][0-9a-f]([89ab][0-9a-f]){2}|f[1-3]([89ab][0-9a-f]){3}|f48[0-9a-f]([89ab][0-9a-f]){2})*$') then 'not_utf8_segment'
    when case when current_setting('server_encoding') = 'SQL_ASCII' then ar.segment ~ '[^ -~]' and encode(convert_to(ar.segment, 'SQL_ASCII'), 'hex') ~ '^(..)*(00|01|02|03|04|05|06|07|08|09|0a|0b|0c|0d|0e|0f|10|11|12|13|14|15|16|17|18|19|1a|1b|1c|1d|1e|1f|7f|c280|c281|c282|c283|c284|c285|c286|c287|c288|c289|c28a|c28b|c28c|c28d|c28e|c28f|c290|c291|c292|c293|c294|c295|c296|c297|c298|c299|c29a|c29b|c29c|c29d|c29e|c29f|c2ad|d89c|e1a08e|e2808b|e2808c|e2808d|e2808e|e2808f|e280aa|e280ab|e280ac|e280ad|e280ae|e281a0|e281a1|e281a2|e281a3|e281a4|e281a6|e281a7|e281a8|e281a9|e281aa|e281ab|e281ac|e281ad|e281ae|e281af|efbbbf)' else ar.segment ~ '[\u0001-\u001f\u007f-\u009f\u00ad-\u00ad\u061c-\u061c\u180e-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff-\ufeff]' end then 'unprintable_segment'
    when ar.due_at is null then 'null_due_at'
    when ar.due_at < '1970-01-01T00:00:00Z' or ar.due_at > p.horizon then 'implausible_due_at'
    when ar.amount_fen is null then 'null_amount_fen'
    when ar.amount_fen < 0 then 'negative_amount_fen'
    when ar.settled_at < '1970-01-01T00:00:00Z' or ar.settled_at > p.horizon then 'implausible_settled_at'
    when c.id is null then 'unknown_customer_id'
    when c.region_id is null then 'invalid_customer'
    when c.region_id is not null and rm.id is null then 'invalid_customer'
    when c.segment is null then 'invalid_customer'
    when c.segment = '' then 'invalid_customer'
    when length(c.segment) > 100 then 'invalid_customer'
    when (current_setting('server_encoding') = 'SQL_ASCII' and c.segment ~ '[^ -~]' and encode(convert_to(c.segment, 'SQL_ASCII'), 'hex') !~ '^([0-7][0-9a-f]|(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]|e0[ab][0-9a-f][89ab][0-9a-f]|(e[1-9a-c]|e[ef])[89ab][0-9a-f][89ab][0-9a-f]|ed[89][0-9a-f][89ab][0-9a-f]|f0[9ab][0-9a-f]([89ab][0-9a-f]){2}|f[1-3]([89ab][0-9a-f]){3}|f48[0-9a-f]([89ab][0-9a-f]){2})*$') then 'invalid_customer'
    when case when current_setting('server_encoding') = 'SQL_ASCII' then c.segment ~ '[^ -~]' and encode(convert_to(c.segment, 'SQL_ASCII'), 'hex') ~ '^(..)*(00|01|02|03|04|05|06|07|08|09|0a|0b|0c|0d|0e|0f|10|11|12|13|14|15|16|17|18|19|1a|1b|1c|1d|1e|1f|7f|c280|c281|c282|c283|c284|c285|c286|c287|c288|c289|c28a|c28b|c28c|c28d|c28e|c28f|c290|c291|c292|c293|c294|c295|c296|c297|c298|c299|c29a|c29b|c29c|c29d|c29e|c29f|c2ad|d89c|e1a08e|e2808b|e2808c|e2808d|e2808e|e2808f|e280aa|e280ab|e280ac|e280ad|e280ae|e281a0|e281a1|e281a2|e281a3|e281a4|e281a6|e281a7|e281a8|e281a9|e281aa|e281ab|e281ac|e281ad|e281ae|e281af|efbbbf)' else c.segment ~ '[\u0001-\u001f\u007f-\u009f\u00ad-\u00ad\u061c-\u061c\u180e-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff-\ufeff]' end then 'invalid_customer'
    when c.area_class is null then 'invalid_customer'
    when c.area_class not in ('urban', 'rural', 'remote') then 'invalid_customer'
    when c.sensitivity is null then 'invalid_customer'
    when c.sensitivity < 0 then 'invalid_customer'
    when c.opened_at is null then 'invalid_customer'
    when c.opened_at < '1970-01-01T00:00:00Z' or c.opened_at > p.horizon then 'invalid_customer'
    when c.closed_at < '1970-01-01T00:00:00Z' or c.closed_at > p.horizon then 'invalid_customer'
    when c.credit_grade not in ('A', 'B', 'C', 'D') then 'invalid_customer'
    when c.vulnerable is null then 'invalid_customer'
  end as reason, ar.due_at as a, p.w, p.w0
  from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."arrears" ar left join "crm"."customers" c on c.id = ar.customer_id left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = ar.region_id
  where ar.due_at > p.w0 or ar.due_at is null
) checked where reason is not null group by reason;
