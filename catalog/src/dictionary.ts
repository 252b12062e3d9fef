/**
 * Display names, Chinese first: the one dictionary the dashboards, the alert texts and the panel read.
 * Codes (label values, KPI ids) stay codes on the wire; people see these names.
 */
export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];
export const DEFAULT_LANGUAGE: Language = 'zh';

export interface Text {
  zh: string;
  en: string;
}

/** Names of the labels the exporter publishes. */
export const LABEL_NAMES = {
  region: { zh: '地区', en: 'Region' },
  segment: { zh: '客户分群', en: 'Segment' },
  type: { zh: '工单类型', en: 'Work-order type' },
  channel: { zh: '受理渠道', en: 'Channel' },
  kind: { zh: '停电类型', en: 'Outage kind' },
  area_class: { zh: '区域类别', en: 'Area class' },
  customer_class: { zh: '用电类别', en: 'Customer class' },
  stage: { zh: '业扩环节', en: 'Connection stage' },
  credit_grade: { zh: '信用等级', en: 'Credit grade' },
  queue: { zh: '话务队列', en: 'Queue' },
  stars: { zh: '敏感星级', en: 'Sensitivity stars' },
  over: { zh: '账龄', en: 'Overdue for more than' },
  outages: { zh: '停电次数', en: 'Outages' },
  level: { zh: '层级', en: 'Level' },
} as const satisfies Record<string, Text>;

export type LabelName = keyof typeof LABEL_NAMES;

/**
 * Display names of label values. Closed sets (type, kind, area_class, …) are complete; segment,
 * channel and queue come from the CRM, so these are the usual values and any other shows as its code.
 */
export const LABEL_VALUES: Partial<Record<LabelName, Record<string, Text>>> = {
  segment: {
    residential: { zh: '居民', en: 'Residential' },
    commercial: { zh: '工商业', en: 'Commercial' },
    industrial: { zh: '大工业', en: 'Industrial' },
    key_account: { zh: '大客户', en: 'Key accounts' },
    public_service: { zh: '公用事业', en: 'Public service' },
    agricultural: { zh: '农业', en: 'Agricultural' },
    unknown: { zh: '匿名', en: 'Anonymous' },
    other: { zh: '其他', en: 'Other' },
  },
  type: {
    consultation: { zh: '咨询', en: 'Consultation' },
    complaint: { zh: '投诉', en: 'Complaint' },
    report: { zh: '举报', en: 'Report' },
    opinion: { zh: '意见', en: 'Opinion' },
    suggestion: { zh: '建议', en: 'Suggestion' },
    praise: { zh: '表扬', en: 'Praise' },
    repair: { zh: '故障报修', en: 'Repair' },
    service_request: { zh: '业务申请', en: 'Service request' },
    urge: { zh: '催办', en: 'Urge' },
  },
  channel: {
    hotline: { zh: '95598热线', en: 'Hotline' },
    online: { zh: '网站', en: 'Online' },
    app: { zh: '网上国网', en: 'App' },
    wechat: { zh: '微信', en: 'WeChat' },
    counter: { zh: '营业厅', en: 'Counter' },
    other: { zh: '其他', en: 'Other' },
  },
  kind: {
    planned: { zh: '计划停电', en: 'Planned' },
    temporary: { zh: '临时停电', en: 'Temporary' },
    fault: { zh: '故障停电', en: 'Fault' },
    load_shedding: { zh: '有序用电', en: 'Load shedding' },
    breach: { zh: '违约停电', en: 'Breach of contract' },
    arrears: { zh: '欠费停电', en: 'Arrears' },
  },
  area_class: {
    urban: { zh: '城市', en: 'Urban' },
    rural: { zh: '农村', en: 'Rural' },
    remote: { zh: '偏远', en: 'Remote' },
  },
  customer_class: {
    residential: { zh: '低压居民', en: 'Residential' },
    low_voltage: { zh: '低压非居民', en: 'Low-voltage non-residential' },
    hv_single: { zh: '高压单电源', en: 'High-voltage, single supply' },
    hv_dual: { zh: '高压双电源', en: 'High-voltage, dual supply' },
  },
  stage: {
    plan_reply: { zh: '供电方案答复', en: 'Supply plan reply' },
    design_review: { zh: '设计审查', en: 'Design review' },
    midway_inspection: { zh: '中间检查', en: 'Midway inspection' },
    completion_acceptance: { zh: '竣工检验', en: 'Completion acceptance' },
    connection: { zh: '装表接电', en: 'Meter and connection' },
  },
  credit_grade: {
    A: { zh: 'A级', en: 'A' },
    B: { zh: 'B级', en: 'B' },
    C: { zh: 'C级', en: 'C' },
    D: { zh: 'D级', en: 'D' },
    ungraded: { zh: '未评级', en: 'Ungraded' },
  },
  queue: {
    repair: { zh: '故障报修', en: 'Repair' },
    billing: { zh: '电费', en: 'Billing' },
    general: { zh: '综合', en: 'General' },
    other: { zh: '其他', en: 'Other' },
  },
  over: {
    '0d': { zh: '逾期', en: 'Overdue' },
    '30d': { zh: '超30天', en: 'Over 30 days' },
    '60d': { zh: '超60天', en: 'Over 60 days' },
    '90d': { zh: '超90天', en: 'Over 90 days' },
  },
  outages: {
    '1': { zh: '1次', en: 'Once' },
    '2': { zh: '2次', en: 'Twice' },
    '3+': { zh: '3次及以上', en: '3 or more' },
  },
  level: {
    province: { zh: '省', en: 'Province' },
    city: { zh: '地市', en: 'City' },
    county: { zh: '区县', en: 'County' },
    station: { zh: '供电所', en: 'Supply station' },
    grid: { zh: '网格', en: 'Service grid' },
  },
};

/** Units and words the dashboards and the panel put around numbers. */
export const UNITS = {
  percent: { zh: '%', en: '%' },
  per10k: { zh: '每万户', en: 'per 10k customers' },
  minutes: { zh: '分钟', en: 'min' },
  hours: { zh: '小时', en: 'h' },
  items: { zh: '件', en: 'items' },
  customers: { zh: '户', en: 'customers' },
  yuan: { zh: '元', en: 'yuan' },
} as const satisfies Record<string, Text>;

/** The display name of a label value in a language; unknown values show as their code. */
export function labelValueName(label: string, value: string, language: Language): string {
  return LABEL_VALUES[label as LabelName]?.[value]?.[language] ?? value;
}

/**
 * What one overdue item of each SLA timer is (the exporter's `crm_<timer>_overdue` gauges), for alert
 * texts and dispatch notifications. The catalogue's `timer.subject` says what the timer measures.
 */
export const TIMER_NAMES: Record<string, Text> = {
  work_order_closure: { zh: '超期未办结工单', en: 'work orders open past their deadline' },
  repair_arrival: {
    zh: '超时未到达现场的抢修',
    en: 'repairs whose crew is not on site within the arrival limit',
  },
  repair_restoration: { zh: '超时未恢复送电的抢修', en: 'repairs not restored within the restoration limit' },
  outage_notice: {
    zh: '未按时告知客户的停电',
    en: 'outages whose customers are not notified within the notice lead',
  },
  outage_info_report: {
    zh: '超时未报送的停电信息',
    en: 'outages not reported to the 95598 system within the limit',
  },
  restoration_info_report: {
    zh: '超时未报送的送电信息',
    en: 'restorations not reported to the 95598 system within the limit',
  },
  planned_outage_restoration: {
    zh: '超过计划时间未送电的停电',
    en: 'planned outages running past their planned end',
  },
  connection: { zh: '超期未完成的业扩申请', en: 'new-connection applications past their deadline' },
};
