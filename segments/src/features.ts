/**
 * The features a customer is described by, declared once: where each comes from in the CRM contract
 * (crm-schema.md), its SQL over the aggregates of sql.ts, how it is transformed before
 * standardising, and the words that name a group in which it stands out.
 */

/** A relation and the columns of it a feature reads; v2 parts may be missing from a CRM. */
export interface Source {
  relation: string;
  columns: string[];
}

export interface Trait {
  /** lower-case ASCII words joined by `_`: part of a segment code */
  code: string;
  zh: string;
  en: string;
}

export interface Feature {
  key: string;
  zh: string;
  en: string;
  unit: { zh: string; en: string };
  /** SQL of the raw value over `p` (the customer) and the aggregates `wo`, `oc`, `ar`; never null */
  sql: string;
  /** log1p for counts and amounts, whose long tails would otherwise dominate the distances */
  transform: 'identity' | 'log1p';
  needs: Source[];
  /** features of one theme name a group once, by the most distinctive of them */
  theme: string;
  /** values that break the contract, counted (over `p`, the customer) and read as `readAs` */
  invalid?: { reason: string; where: string; readAs: string };
  /** the trait of a group whose mean is well above / below the overall mean */
  high: Trait;
  low: Trait;
}

/** Everything is as of the start of the current day, so one day's runs see the same data. */
export const AS_OF_SQL = "date_trunc('day', now())";
export const LONG_OUTAGE_HOURS = 4;
export const ARREARS_DAYS = 60;

/**
 * `sql` as of the start of `day` (YYYY-MM-DD, checked by the CLI) instead of today: a proposal, and
 * the view it writes, that give the same result on any later day. Without a day, `sql` as it is.
 */
export function asOfDay(sql: string, day: string | undefined): string {
  return day === undefined ? sql : sql.split(AS_OF_SQL).join(`date_trunc('day', timestamptz '${day}')`);
}

const WORK_ORDERS: Source = {
  relation: 'work_orders',
  columns: ['customer_id', 'type', 'accepted_at', 'substantiated', 'is_repeat'],
};
const OUTAGES: Source[] = [
  { relation: 'outage_customers', columns: ['outage_id', 'customer_id'] },
  { relation: 'outages', columns: ['id', 'start_at', 'end_at', 'cancelled_at'] },
];
const ARREARS: Source = {
  relation: 'arrears',
  columns: ['customer_id', 'due_at', 'amount_fen', 'settled_at'],
};
const customerColumn = (column: string): Source => ({ relation: 'customers', columns: [column] });

const COUNT = { zh: '次', en: 'times' };

export const FEATURES: readonly Feature[] = [
  {
    key: 'complaints',
    zh: '投诉',
    en: 'complaints',
    unit: COUNT,
    sql: 'coalesce(wo.complaints, 0)',
    transform: 'log1p',
    needs: [WORK_ORDERS],
    theme: 'complaints',
    high: { code: 'complaining', zh: '高投诉', en: 'many complaints' },
    low: { code: 'no_complaints', zh: '少投诉', en: 'few complaints' },
  },
  {
    key: 'substantiated_complaints',
    zh: '属实投诉',
    en: 'substantiated complaints',
    unit: COUNT,
    sql: 'coalesce(wo.substantiated_complaints, 0)',
    transform: 'log1p',
    needs: [WORK_ORDERS],
    theme: 'complaints',
    high: { code: 'substantiated', zh: '属实投诉多', en: 'substantiated complaints' },
    low: { code: 'unsubstantiated', zh: '属实投诉少', en: 'few substantiated complaints' },
  },
  {
    key: 'repeat_complaints',
    zh: '重复投诉',
    en: 'repeat complaints',
    unit: COUNT,
    sql: 'coalesce(wo.repeat_complaints, 0)',
    transform: 'log1p',
    needs: [WORK_ORDERS],
    theme: 'complaints',
    high: { code: 'repeat_complaints', zh: '重复投诉', en: 'repeat complaints' },
    low: { code: 'no_repeats', zh: '无重复投诉', en: 'no repeat complaints' },
  },
  {
    key: 'work_orders',
    zh: '工单',
    en: 'work orders',
    unit: COUNT,
    sql: 'coalesce(wo.work_orders, 0)',
    transform: 'log1p',
    needs: [WORK_ORDERS],
    theme: 'contact',
    high: { code: 'frequent_contact', zh: '诉求多', en: 'frequent contact' },
    low: { code: 'quiet', zh: '诉求少', en: 'quiet' },
  },
  {
    key: 'repairs',
    zh: '故障报修',
    en: 'repairs',
    unit: COUNT,
    sql: 'coalesce(wo.repairs, 0)',
    transform: 'log1p',
    needs: [WORK_ORDERS],
    theme: 'repairs',
    high: { code: 'repairs', zh: '报修多', en: 'many repairs' },
    low: { code: 'few_repairs', zh: '报修少', en: 'few repairs' },
  },
  {
    key: 'outages',
    zh: '停电次数',
    en: 'outages experienced',
    unit: COUNT,
    sql: 'coalesce(oc.outages, 0)',
    transform: 'log1p',
    needs: OUTAGES,
    theme: 'outages',
    high: { code: 'frequent_outages', zh: '频繁停电', en: 'frequent outages' },
    low: { code: 'reliable_supply', zh: '供电可靠', en: 'reliable supply' },
  },
  {
    key: 'long_outages',
    zh: `长时停电(≥${LONG_OUTAGE_HOURS}小时)`,
    en: `long outages (≥ ${LONG_OUTAGE_HOURS} h)`,
    unit: COUNT,
    sql: 'coalesce(oc.long_outages, 0)',
    transform: 'log1p',
    needs: OUTAGES,
    theme: 'outages',
    high: { code: 'long_outages', zh: '长时停电', en: 'long outages' },
    low: { code: 'short_outages', zh: '停电时间短', en: 'short outages' },
  },
  {
    key: 'arrears_bills',
    zh: `欠费超${ARREARS_DAYS}天账单`,
    en: `bills > ${ARREARS_DAYS} days in arrears`,
    unit: { zh: '张', en: 'bills' },
    sql: 'coalesce(ar.bills, 0)',
    transform: 'log1p',
    needs: [ARREARS],
    theme: 'arrears',
    high: { code: 'arrears', zh: '长期欠费', en: 'long arrears' },
    low: { code: 'pays_on_time', zh: '按时缴费', en: 'pays on time' },
  },
  {
    key: 'arrears_amount',
    zh: '欠费金额',
    en: 'amount in arrears',
    unit: { zh: '元', en: 'yuan' },
    sql: 'coalesce(ar.amount_fen, 0) / 100.0',
    transform: 'log1p',
    needs: [ARREARS],
    theme: 'arrears',
    high: { code: 'high_arrears', zh: '欠费金额高', en: 'high arrears' },
    low: { code: 'low_arrears', zh: '欠费金额低', en: 'low arrears' },
  },
  {
    key: 'credit_risk',
    zh: '信用等级(A=0…D=3)',
    en: 'credit grade (A = 0 … D = 3)',
    unit: { zh: '级', en: 'grade' },
    // not graded counts as A: there is no evidence of poor payment
    sql: "case p.credit_grade when 'B' then 1 when 'C' then 2 when 'D' then 3 else 0 end",
    transform: 'identity',
    invalid: {
      reason: 'unknown_credit_grade',
      where: "p.credit_grade not in ('A', 'B', 'C', 'D')",
      readAs: 'not graded',
    },
    needs: [customerColumn('credit_grade')],
    theme: 'credit',
    high: { code: 'low_credit', zh: '信用较差', en: 'low credit' },
    low: { code: 'good_credit', zh: '信用良好', en: 'good credit' },
  },
  {
    key: 'sensitivity',
    zh: '敏感星级',
    en: 'sensitivity stars',
    unit: { zh: '星', en: 'stars' },
    sql: 'least(greatest(coalesce(p.sensitivity, 0), 0), 5)',
    transform: 'identity',
    invalid: {
      reason: 'implausible_sensitivity',
      where: 'p.sensitivity is null or p.sensitivity not between 0 and 5',
      readAs: 'the nearest of 0…5',
    },
    needs: [customerColumn('sensitivity')],
    theme: 'sensitivity',
    high: { code: 'sensitive', zh: '高敏感', en: 'sensitive' },
    low: { code: 'not_sensitive', zh: '不敏感', en: 'not sensitive' },
  },
  {
    key: 'vulnerable',
    zh: '特殊群体',
    en: 'vulnerable household',
    unit: { zh: '占比', en: 'share' },
    sql: 'case when p.vulnerable then 1 else 0 end',
    transform: 'identity',
    needs: [customerColumn('vulnerable')],
    theme: 'vulnerable',
    high: { code: 'vulnerable', zh: '特殊群体', en: 'vulnerable households' },
    low: { code: 'not_vulnerable', zh: '非特殊群体', en: 'not vulnerable' },
  },
  {
    key: 'remoteness',
    zh: '区域(城市0/农村1/偏远2)',
    en: 'area (urban 0, rural 1, remote 2)',
    unit: { zh: '', en: '' },
    sql: "case p.area_class when 'rural' then 1 when 'remote' then 2 else 0 end",
    transform: 'identity',
    invalid: {
      reason: 'unknown_area_class',
      where: "p.area_class is null or p.area_class not in ('urban', 'rural', 'remote')",
      readAs: 'urban',
    },
    needs: [customerColumn('area_class')],
    theme: 'area',
    high: { code: 'rural', zh: '农村偏远', en: 'rural and remote' },
    low: { code: 'urban', zh: '城市', en: 'urban' },
  },
  {
    key: 'tenure_years',
    zh: '户龄',
    en: 'tenure',
    unit: { zh: '年', en: 'years' },
    sql: `extract(epoch from ${AS_OF_SQL} - p.opened_at) / 31557600.0`,
    transform: 'identity',
    needs: [customerColumn('opened_at')],
    theme: 'tenure',
    high: { code: 'long_standing', zh: '老客户', en: 'long-standing' },
    low: { code: 'new', zh: '新客户', en: 'new customers' },
  },
];

/** What the population query itself reads: without these nothing can be computed. */
export const REQUIRED: readonly Source[] = [
  { relation: 'customers', columns: ['id', 'opened_at', 'closed_at'] },
];

export interface Availability {
  available: Feature[];
  /** features left out, with the relations or columns (`relation.column`) the CRM lacks */
  missing: { feature: Feature; lacks: string[] }[];
}

/** Which features the schema's relations and columns allow; `columns` maps relation → its columns. */
export function availableFeatures(columns: ReadonlyMap<string, ReadonlySet<string>>): Availability {
  const lacking = (sources: readonly Source[]): string[] =>
    sources.flatMap(({ relation, columns: needed }) => {
      const present = columns.get(relation);
      if (!present) return [relation];
      return needed.filter((c) => !present.has(c)).map((c) => `${relation}.${c}`);
    });
  const required = lacking(REQUIRED);
  if (required.length > 0) {
    throw new Error(`the schema lacks ${required.join(', ')}: no customers to describe`);
  }
  const available: Feature[] = [];
  const missing: Availability['missing'] = [];
  for (const feature of FEATURES) {
    const lacks = lacking(feature.needs);
    if (lacks.length === 0) available.push(feature);
    else missing.push({ feature, lacks });
  }
  return { available, missing };
}

export function transform(feature: Feature, value: number): number {
  return feature.transform === 'log1p' ? Math.log1p(value) : value;
}

export function transformSql(feature: Feature, expression: string): string {
  return feature.transform === 'log1p' ? `ln(1 + ${expression})` : expression;
}
