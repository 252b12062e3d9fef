-- invalid_callbacks: invalid_callbacks
-- reads every row: a full recount (its settled part; the live part is read as recent rows)
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select reason, count(*) filter (where a <= checked.w) as settled,
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
    when (current_setting('server_encoding') = 'SQL_ASCII' and wo.channel ~ '[^ -~]' and encode(convert_to(wo.channel, 'SQL_ASCII'), 'hex') !~ '^([0-7][0-9a-f]|(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]|e0[ab][0-9a-f][89ab][0-9a-f]|(e[1-9a-c]|e[ef])[89ab][0-9a-f][89ab][0-9a-f]|ed[89][0-9a-f][89ab][0-9a-f]|f0[9ab][0-9a-f]([89ab][0-9a-f]){2}|f[1-3]([89ab][0-9a-f]){3}|f48[0-9a-f]([89ab][0-9a-f]){2})*$') then 'invalid_work_order'
    when case when current_setting('server_encoding') = 'SQL_ASCII' then wo.channel ~ '[^ -~]' and encode(convert_to(wo.channel, 'SQL_ASCII'), 'hex') ~ '^(..)*(00|01|02|03|04|05|06|07|08|09|0a|0b|0c|0d|0e|0f|10|11|12|13|14|15|16|17|18|19|1a|1b|1c|1d|1e|1f|7f|c280|c281|c282|c283|c284|c285|c286|c287|c288|c289|c28a|c28b|c28c|c28d|c28e|c28f|c290|c291|c292|c293|c294|c295|c296|c297|c298|c299|c29a|c29b|c29c|c29d|c29e|c29f|c2ad|d89c|e1a08e|e2808b|e2808c|e2808d|e2808e|e2808f|e280aa|e280ab|e280ac|e280ad|e280ae|e281a0|e281a1|e281a2|e281a3|e281a4|e281a6|e281a7|e281a8|e281a9|e281aa|e281ab|e281ac|e281ad|e281ae|e281af|efbbbf)' else wo.channel ~ '[\u0001-\u001f\u007f-\u009f\u00ad-\u00ad\u061c-\u061c\u180e-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff-\ufeff]' end then 'invalid_work_order'
    when wo.region_id is null then 'invalid_work_order'
    when wo.region_id is not null and rm.id is null then 'invalid_work_order'
    when wo.segment is null then 'invalid_work_order'
    when wo.segment = '' then 'invalid_work_order'
    when length(wo.segment) > 100 then 'invalid_work_order'
    when (current_setting('server_encoding') = 'SQL_ASCII' and wo.segment ~ '[^ -~]' and encode(convert_to(wo.segment, 'SQL_ASCII'), 'hex') !~ '^([0-7][0-9a-f]|(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]|e0[ab][0-9a-f][89ab][0-9a-f]|(e[1-9a-c]|e[ef])[89ab][0-9a-f][89ab][0-9a-f]|ed[89][0-9a-f][89ab][0-9a-f]|f0[9ab][0-9a-f]([89ab][0-9a-f]){2}|f[1-3]([89ab][0-9a-f]){3}|f48[0-9a-f]([89ab][0-9a-f]){2})*$') then 'invalid_work_order'
    when case when current_setting('server_encoding') = 'SQL_ASCII' then wo.segment ~ '[^ -~]' and encode(convert_to(wo.segment, 'SQL_ASCII'), 'hex') ~ '^(..)*(00|01|02|03|04|05|06|07|08|09|0a|0b|0c|0d|0e|0f|10|11|12|13|14|15|16|17|18|19|1a|1b|1c|1d|1e|1f|7f|c280|c281|c282|c283|c284|c285|c286|c287|c288|c289|c28a|c28b|c28c|c28d|c28e|c28f|c290|c291|c292|c293|c294|c295|c296|c297|c298|c299|c29a|c29b|c29c|c29d|c29e|c29f|c2ad|d89c|e1a08e|e2808b|e2808c|e2808d|e2808e|e2808f|e280aa|e280ab|e280ac|e280ad|e280ae|e281a0|e281a1|e281a2|e281a3|e281a4|e281a6|e281a7|e281a8|e281a9|e281aa|e281ab|e281ac|e281ad|e281ae|e281af|efbbbf)' else wo.segment ~ '[\u0001-\u001f\u007f-\u009f\u00ad-\u00ad\u061c-\u061c\u180e-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff-\ufeff]' end then 'invalid_work_order'
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
    when wo.proactive is null then 'invalid_work_order'
    when wo.escalated_at < '1970-01-01T00:00:00Z' or wo.escalated_at > p.horizon then 'invalid_work_order'
    when wo.remediation_due_at < '1970-01-01T00:00:00Z' or wo.remediation_due_at > p.horizon then 'invalid_work_order'
    when wo.remediated_at < '1970-01-01T00:00:00Z' or wo.remediated_at > p.horizon then 'invalid_work_order'
  end as reason, cb.called_at as a, p.w, p.w0
  from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, "crm"."callbacks" cb left join "crm"."work_orders" wo on wo.id = cb.work_order_id left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = wo.region_id

) checked where reason is not null group by reason;
