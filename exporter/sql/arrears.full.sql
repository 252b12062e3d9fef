-- arrears: arrears, invalid_arrears
-- reads every row: a full recount (its settled part; the live part is read as recent rows)
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select *, case when g.rows_pass then case
    when g."segment" = '' then 'empty_segment'
    when length(g."segment") > 100 then 'oversized_segment'
    when (current_setting('server_encoding') = 'SQL_ASCII' and g."segment" ~ '[^ -~]' and encode(convert_to(g."segment", 'SQL_ASCII'), 'hex') !~ '^([0-7][0-9a-f]|(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]|e0[ab][0-9a-f][89ab][0-9a-f]|(e[1-9a-c]|e[ef])[89ab][0-9a-f][89ab][0-9a-f]|ed[89][0-9a-f][89ab][0-9a-f]|f0[9ab][0-9a-f]([89ab][0-9a-f]){2}|f[1-3]([89ab][0-9a-f]){3}|f48[0-9a-f]([89ab][0-9a-f]){2})*$') then 'not_utf8_segment'
    when case when current_setting('server_encoding') = 'SQL_ASCII' then g."segment" ~ '[^ -~]' and encode(convert_to(g."segment", 'SQL_ASCII'), 'hex') ~ '^(..)*(00|01|02|03|04|05|06|07|08|09|0a|0b|0c|0d|0e|0f|10|11|12|13|14|15|16|17|18|19|1a|1b|1c|1d|1e|1f|7f|c280|c281|c282|c283|c284|c285|c286|c287|c288|c289|c28a|c28b|c28c|c28d|c28e|c28f|c290|c291|c292|c293|c294|c295|c296|c297|c298|c299|c29a|c29b|c29c|c29d|c29e|c29f|c2ad|d89c|e1a08e|e2808b|e2808c|e2808d|e2808e|e2808f|e280aa|e280ab|e280ac|e280ad|e280ae|e281a0|e281a1|e281a2|e281a3|e281a4|e281a6|e281a7|e281a8|e281a9|e281aa|e281ab|e281ac|e281ad|e281ae|e281af|efbbbf)' else g."segment" ~ '[\u0001-\u001f\u007f-\u009f\u00ad-\u00ad\u061c-\u061c\u180e-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff-\ufeff]' end then 'unprintable_segment'
    when g.v0 = '' then 'invalid_customer'
    when length(g.v0) > 100 then 'invalid_customer'
    when (current_setting('server_encoding') = 'SQL_ASCII' and g.v0 ~ '[^ -~]' and encode(convert_to(g.v0, 'SQL_ASCII'), 'hex') !~ '^([0-7][0-9a-f]|(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]|e0[ab][0-9a-f][89ab][0-9a-f]|(e[1-9a-c]|e[ef])[89ab][0-9a-f][89ab][0-9a-f]|ed[89][0-9a-f][89ab][0-9a-f]|f0[9ab][0-9a-f]([89ab][0-9a-f]){2}|f[1-3]([89ab][0-9a-f]){3}|f48[0-9a-f]([89ab][0-9a-f]){2})*$') then 'invalid_customer'
    when case when current_setting('server_encoding') = 'SQL_ASCII' then g.v0 ~ '[^ -~]' and encode(convert_to(g.v0, 'SQL_ASCII'), 'hex') ~ '^(..)*(00|01|02|03|04|05|06|07|08|09|0a|0b|0c|0d|0e|0f|10|11|12|13|14|15|16|17|18|19|1a|1b|1c|1d|1e|1f|7f|c280|c281|c282|c283|c284|c285|c286|c287|c288|c289|c28a|c28b|c28c|c28d|c28e|c28f|c290|c291|c292|c293|c294|c295|c296|c297|c298|c299|c29a|c29b|c29c|c29d|c29e|c29f|c2ad|d89c|e1a08e|e2808b|e2808c|e2808d|e2808e|e2808f|e280aa|e280ab|e280ac|e280ad|e280ae|e281a0|e281a1|e281a2|e281a3|e281a4|e281a6|e281a7|e281a8|e281a9|e281aa|e281ab|e281ac|e281ad|e281ae|e281af|efbbbf)' else g.v0 ~ '[\u0001-\u001f\u007f-\u009f\u00ad-\u00ad\u061c-\u061c\u180e-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff-\ufeff]' end then 'invalid_customer'
  end end as reason from (
select rm.label as "region",
  ar.segment as "segment",
  c.segment as v0,
  (ar.id is null) is not true
  and (ar.customer_id is null) is not true
  and (ar.region_id is null) is not true
  and (ar.region_id is not null and rm.id is null) is not true
  and (ar.segment is null) is not true
  and (ar.due_at is null) is not true
  and (ar.due_at < '1970-01-01T00:00:00Z' or ar.due_at > p.horizon) is not true
  and (ar.amount_fen is null) is not true
  and (ar.amount_fen < 0) is not true
  and (ar.settled_at < '1970-01-01T00:00:00Z' or ar.settled_at > p.horizon) is not true
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
  and (c.vulnerable is null) is not true as rows_pass,
  count(*) filter (where ar.due_at <= p.w) as settled_0,
  count(*) filter (where ar.due_at <= p.w) as settled_1,
  count(*) filter (where (case when ar.settled_at is not null and ar.due_at is not null then greatest(ar.settled_at, ar.due_at) end) <= p.w) as settled_2,
  count(*) filter (where ar.due_at <= p.w) as checked_settled
from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."arrears" ar left join "crm"."customers" c on c.id = ar.customer_id left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = ar.region_id
group by 1, 2, 3, 4
) g;
