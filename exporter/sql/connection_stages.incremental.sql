-- connection_stages: connection_stage, invalid_connection_stages
-- reads the rows of moments after the previous watermark w0: an incremental refresh
-- bindings: t, w, w0, horizon, region ids, their label regions (generated: npm run docs -w exporter)
select *, case when g.rows_pass then case
    when g."segment" = '' then 'invalid_connection_application'
    when length(g."segment") > 100 then 'invalid_connection_application'
    when (current_setting('server_encoding') = 'SQL_ASCII' and g."segment" ~ '[^ -~]' and encode(convert_to(g."segment", 'SQL_ASCII'), 'hex') !~ '^([0-7][0-9a-f]|(c[2-9a-f]|d[0-9a-f])[89ab][0-9a-f]|e0[ab][0-9a-f][89ab][0-9a-f]|(e[1-9a-c]|e[ef])[89ab][0-9a-f][89ab][0-9a-f]|ed[89][0-9a-f][89ab][0-9a-f]|f0[9ab][0-9a-f]([89ab][0-9a-f]){2}|f[1-3]([89ab][0-9a-f]){3}|f48[0-9a-f]([89ab][0-9a-f]){2})*$') then 'invalid_connection_application'
    when case when current_setting('server_encoding') = 'SQL_ASCII' then g."segment" ~ '[^ -~]' and encode(convert_to(g."segment", 'SQL_ASCII'), 'hex') ~ '^(..)*(00|01|02|03|04|05|06|07|08|09|0a|0b|0c|0d|0e|0f|10|11|12|13|14|15|16|17|18|19|1a|1b|1c|1d|1e|1f|7f|c280|c281|c282|c283|c284|c285|c286|c287|c288|c289|c28a|c28b|c28c|c28d|c28e|c28f|c290|c291|c292|c293|c294|c295|c296|c297|c298|c299|c29a|c29b|c29c|c29d|c29e|c29f|c2ad|d89c|e1a08e|e2808b|e2808c|e2808d|e2808e|e2808f|e280aa|e280ab|e280ac|e280ad|e280ae|e281a0|e281a1|e281a2|e281a3|e281a4|e281a6|e281a7|e281a8|e281a9|e281aa|e281ab|e281ac|e281ad|e281ae|e281af|efbbbf)' else g."segment" ~ '[\u0001-\u001f\u007f-\u009f\u00ad-\u00ad\u061c-\u061c\u180e-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff-\ufeff]' end then 'invalid_connection_application'
  end end as reason from (
select rm.label as "region",
  ca.segment as "segment",
  ca.customer_class as "customer_class",
  cs.stage as "stage",
  (cs.application_id is null) is not true
  and (cs.stage is null) is not true
  and (cs.stage not in ('plan_reply', 'design_review', 'midway_inspection', 'completion_acceptance', 'connection')) is not true
  and (cs.started_at is null) is not true
  and (cs.started_at < '1970-01-01T00:00:00Z' or cs.started_at > p.horizon) is not true
  and (cs.deadline_at is null) is not true
  and (cs.deadline_at < '1970-01-01T00:00:00Z' or cs.deadline_at > p.horizon) is not true
  and (cs.completed_at < '1970-01-01T00:00:00Z' or cs.completed_at > p.horizon) is not true
  and (ca.id is null) is not true
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
  and (ca.cancelled_at < '1970-01-01T00:00:00Z' or ca.cancelled_at > p.horizon) is not true as rows_pass,
  count(*) filter (where cs.started_at <= p.w and cs.started_at > p.w0) as settled_0,
  count(*) filter (where cs.started_at > p.w) as live_0,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at))) and cs.completed_at <= cs.deadline_at) and (case when cs.completed_at is not null and cs.started_at is not null then greatest(cs.completed_at, cs.started_at) end) <= p.w and (case when cs.completed_at is not null and cs.started_at is not null then greatest(cs.completed_at, cs.started_at) end) > p.w0) as settled_1,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at))) and cs.completed_at <= cs.deadline_at) and (case when cs.completed_at is not null and cs.started_at is not null then greatest(cs.completed_at, cs.started_at) end) > p.w and cs.completed_at <= p.t) as live_1,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at))) and (cs.completed_at is null or cs.completed_at > cs.deadline_at)) and (case when cs.deadline_at is not null and cs.started_at is not null then greatest(cs.deadline_at, cs.started_at) end) <= p.w and (case when cs.deadline_at is not null and cs.started_at is not null then greatest(cs.deadline_at, cs.started_at) end) > p.w0) as settled_2,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at))) and (cs.completed_at is null or cs.completed_at > cs.deadline_at)) and (case when cs.deadline_at is not null and cs.started_at is not null then greatest(cs.deadline_at, cs.started_at) end) > p.w and cs.deadline_at < p.t) as live_2,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at)))) and (case when cs.deadline_at is not null and cs.started_at is not null then greatest(cs.deadline_at, cs.started_at) end) <= p.w and (case when cs.deadline_at is not null and cs.started_at is not null then greatest(cs.deadline_at, cs.started_at) end) > p.w0) as settled_3,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at)))) and (case when cs.deadline_at is not null and cs.started_at is not null then greatest(cs.deadline_at, cs.started_at) end) > p.w and cs.deadline_at < p.t) as live_3,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at)))) and (case when (case when cs.deadline_at is not null and least(cs.completed_at, ca.cancelled_at) is not null then greatest(cs.deadline_at, least(cs.completed_at, ca.cancelled_at)) end) is not null and cs.started_at is not null then greatest((case when cs.deadline_at is not null and least(cs.completed_at, ca.cancelled_at) is not null then greatest(cs.deadline_at, least(cs.completed_at, ca.cancelled_at)) end), cs.started_at) end) <= p.w and (case when (case when cs.deadline_at is not null and least(cs.completed_at, ca.cancelled_at) is not null then greatest(cs.deadline_at, least(cs.completed_at, ca.cancelled_at)) end) is not null and cs.started_at is not null then greatest((case when cs.deadline_at is not null and least(cs.completed_at, ca.cancelled_at) is not null then greatest(cs.deadline_at, least(cs.completed_at, ca.cancelled_at)) end), cs.started_at) end) > p.w0) as settled_4,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at)))) and (case when (case when cs.deadline_at is not null and least(cs.completed_at, ca.cancelled_at) is not null then greatest(cs.deadline_at, least(cs.completed_at, ca.cancelled_at)) end) is not null and cs.started_at is not null then greatest((case when cs.deadline_at is not null and least(cs.completed_at, ca.cancelled_at) is not null then greatest(cs.deadline_at, least(cs.completed_at, ca.cancelled_at)) end), cs.started_at) end) > p.w and (case when cs.deadline_at is not null and least(cs.completed_at, ca.cancelled_at) is not null then greatest(cs.deadline_at, least(cs.completed_at, ca.cancelled_at)) end) <= p.t and cs.deadline_at < p.t) as live_4,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at)))) and (case when cs.completed_at is not null and cs.started_at is not null then greatest(cs.completed_at, cs.started_at) end) <= p.w and (case when cs.completed_at is not null and cs.started_at is not null then greatest(cs.completed_at, cs.started_at) end) > p.w0) as settled_5,
  count(*) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at)))) and (case when cs.completed_at is not null and cs.started_at is not null then greatest(cs.completed_at, cs.started_at) end) > p.w and cs.completed_at <= p.t) as live_5,
  coalesce(sum(greatest(round(date_part('epoch', cs.completed_at - cs.started_at) * 1000000), 0)::bigint) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at)))) and (case when cs.completed_at is not null and cs.started_at is not null then greatest(cs.completed_at, cs.started_at) end) <= p.w and (case when cs.completed_at is not null and cs.started_at is not null then greatest(cs.completed_at, cs.started_at) end) > p.w0), 0) as settled_6,
  coalesce(sum(greatest(round(date_part('epoch', cs.completed_at - cs.started_at) * 1000000), 0)::bigint) filter (where (not (cs.deadline_at is null or (ca.cancelled_at is not null and ca.cancelled_at <= cs.deadline_at and (cs.completed_at is null or ca.cancelled_at <= cs.completed_at)))) and (case when cs.completed_at is not null and cs.started_at is not null then greatest(cs.completed_at, cs.started_at) end) > p.w and cs.completed_at <= p.t), 0) as live_6,
  count(*) filter (where cs.started_at <= p.w and cs.started_at > p.w0) as checked_settled,
  count(*) filter (where cs.started_at > p.w or cs.started_at is null) as checked_live
from (select ?::timestamptz as t, ?::timestamptz as w, ?::timestamptz as w0, ?::timestamptz as horizon) p, lateral (select cs.* from "crm"."connection_stages" cs where (cs.started_at > p.w0 or (cs.completed_at > p.w0 and cs.completed_at <= p.t) or (cs.deadline_at > p.w0 and cs.deadline_at <= p.t) or (cs.started_at > p.w0 or cs.started_at is null)) union all select cs.* from "crm"."connection_stages" cs join "crm"."connection_applications" ca on ca.id = cs.application_id where ((ca.cancelled_at > p.w0 and ca.cancelled_at <= p.t)) and (cs.started_at > p.w0 or (cs.completed_at > p.w0 and cs.completed_at <= p.t) or (cs.deadline_at > p.w0 and cs.deadline_at <= p.t) or (cs.started_at > p.w0 or cs.started_at is null)) is not true) cs left join "crm"."connection_applications" ca on ca.id = cs.application_id left join unnest(?::text[], ?::text[]) as rm(id, label) on rm.id = ca.region_id
where (cs.started_at > p.w0
    or (cs.completed_at > p.w0 and cs.completed_at <= p.t)
    or (cs.deadline_at > p.w0 and cs.deadline_at <= p.t)
    or (ca.cancelled_at > p.w0 and ca.cancelled_at <= p.t)
    or (cs.started_at > p.w0 or cs.started_at is null))
group by 1, 2, 3, 4, 5
) g;
