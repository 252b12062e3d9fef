-- invalid_outage_customers: rows naming no outage or no customer
-- reads every row, every experience_interval (a schedule of its own)
select reason, count(*) as n from (
  select case
    when oc.outage_id is null then 'null_outage_id'
    when oc.customer_id is null then 'null_customer_id'
    when o.id is null then 'unknown_outage_id'
    when c.id is null then 'unknown_customer_id'
  end as reason
  from "crm"."outage_customers" oc
  left join "crm"."outages" o on o.id = oc.outage_id
  left join "crm"."customers" c on c.id = oc.customer_id
) checked where reason is not null group by reason;
