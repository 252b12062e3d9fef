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
    urban_residential: { zh: '城镇居民', en: 'Urban residential' },
    rural_residential: { zh: '乡村居民', en: 'Rural residential' },
    high_use_residential: { zh: '高用电居民', en: 'High-use residential' },
    public_agricultural: { zh: '农业及公用', en: 'Agriculture and public' },
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

// ── Dashboards (provisioning/src/grafana): titles, rows, panels, legends and descriptions ──

/** Heat-map families: KPIs of one shape sharing a panel, the KPI chosen by a variable. */
export const FAMILY_NAMES: Record<string, Text> = {
  service_timeliness: { zh: '服务及时率', en: 'Service timeliness' },
  outage_timeliness: { zh: '停电信息及时率', en: 'Outage timeliness' },
};

/** Units of a duration, e.g. a Prometheus `30d` said as "30天" or "30 days". */
export const DURATION_UNITS = {
  seconds: { zh: '秒', en: 'seconds' },
  minutes: { zh: '分钟', en: 'minutes' },
  hours: { zh: '小时', en: 'hours' },
  days: { zh: '天', en: 'days' },
} as const satisfies Record<string, Text>;

/** Every other word a dashboard shows. `{x}` marks a value filled in by the generator. */
export const DASHBOARD_TEXT = {
  // dashboard titles
  wall: { zh: '客户服务指挥大屏', en: 'Service wall' },
  heatmaps: { zh: '指标热力图', en: 'Heat maps' },
  region: { zh: '地区下钻', en: 'Region drill-down' },
  slo: { zh: '服务目标与误差预算', en: 'SLOs and error budgets' },
  exporter: { zh: '采集器运行状态', en: 'Exporter health' },
  // variables
  region_variable: { zh: '地区', en: 'Region' },
  kpi_variable: { zh: '指标', en: 'KPI' },
  level_variable: { zh: '层级', en: 'Level' },
  all_levels: { zh: '全部层级', en: 'All levels' },
  no_data: { zh: '无数据', en: 'No data' },
  // wall
  wall_description: {
    zh: '九率本月累计对照目标（蓝：达标；琥珀：接近目标；橙红：未达标）、停电与敏感客户实况和当前超时件数；点击数字查看热力图。',
    en: 'The nine rates month to date against target (blue: met; amber: at risk; vermilion: missed), outages and sensitive customers now, and what is overdue now; click a figure for its heat map.',
  },
  nine_rates_mtd: { zh: '九率 · 本月累计', en: 'The nine rates · month to date' },
  overdue_now: { zh: '当前超时', en: 'Overdue now' },
  live_now: { zh: '实况 · 停电与敏感客户', en: 'Live · outages and sensitive customers' },
  figures_now: { zh: '当前值', en: 'Figures now' },
  // KPI descriptions
  target: { zh: '目标', en: 'Target' },
  over_range: {
    zh: '所选时段内 Σ分子 ÷ Σ分母（按小时汇总，最近一小时未计入）。',
    en: 'Σ numerator ÷ Σ denominator over the time range (hourly sums; the current hour is not in yet).',
  },
  run_rate: {
    zh: '按{period}折算：所选时段的投诉数 × {period} ÷ 时段长度，与月度目标直接可比。',
    en: 'Run-rate per {period}: complaints in the time range × {period} ÷ its length, comparable with the monthly target.',
  },
  mean_limits: {
    zh: '平均时长不着色：时限按区域类别不同（城市、农村、偏远），是否超时见对应及时率。',
    en: 'Not coloured: the limit depends on the area class (urban, rural, remote); the timeliness KPI judges each case against its own limit.',
  },
  at_risk: {
    zh: '琥珀色：已用去八成以上误差预算。',
    en: 'Amber: more than 80 % of the error budget spent.',
  },
  // heat maps
  heatmaps_description: {
    zh: '各指标按地区 × 客户分群（或停电类型）对照目标；点击单元格进入地区下钻。',
    en: 'Every KPI by region and segment (or outage kind) against its target; click a cell to drill down.',
  },
  heatmap_cell: {
    zh: '所选时段 Σ分子 ÷ Σ分母；点击单元格进入地区下钻。',
    en: 'Σ numerator ÷ Σ denominator over the time range; click a cell to drill down.',
  },
  figure_cell: {
    zh: '当前值，按地区 × {by}；点击单元格进入地区下钻。',
    en: 'The value now by region and {by}; click a cell to drill down.',
  },
  drill_down_link: { zh: '地区下钻：${region:text}', en: 'Region drill-down: ${region:text}' },
  // region drill-down
  region_description: {
    zh: '一个地区（含下级）：各项指标、当前超时、趋势，以及下级地区的热力图。',
    en: 'One region and everything below it: its KPIs, what is overdue now, the trend and heat maps of the regions below.',
  },
  region_kpis: { zh: '${region:text} · 所选时段', en: '${region:text} · time range' },
  region_trend: { zh: '趋势', en: 'Trend' },
  daily_rates: { zh: '日指标（滑动24小时）', en: 'Daily rates (sliding 24 h)' },
  daily_per10k: {
    zh: '每万户投诉（滑动24小时，按月折算）',
    en: 'Complaints per 10k (sliding 24 h, monthly run-rate)',
  },
  mean_by_area: { zh: '{kpi}（按区域类别，逐小时）', en: '{kpi} by area class (hourly)' },
  children: { zh: '下级地区', en: 'Regions below' },
  children_note: {
    zh: '行为所选地区的直接下级，由其下全部序列汇总；低于采集器标签级别（REGION_LEVEL）的地区没有数据。',
    en: 'Rows are the regions directly below, each summing everything under it; regions below the exporter’s label level (REGION_LEVEL) have no data.',
  },
  children_heatmap: { zh: '{kpi} · ${region:text}下级地区', en: '{kpi} · regions below ${region:text}' },
  // SLO
  slo_description: {
    zh: '值班用：所选指标与地区的误差预算余量、1小时/6小时/3天消耗速率（对照告警阈值）、已触发的告警与当前超时件数。',
    en: 'For on-call: error budget remaining, burn rates over 1 h / 6 h / 3 d against the page and ticket thresholds, the alerts that fired and what is overdue now.',
  },
  slo_row: { zh: '${kpi:text} · ${region:text}', en: '${kpi:text} · ${region:text}' },
  objective: { zh: '目标（达标占比）', en: 'Objective (good share)' },
  budget_remaining: { zh: '误差预算余量（{period}）', en: 'Error budget remaining ({period})' },
  burn_rate: { zh: '消耗速率 {window}', en: 'Burn rate {window}' },
  burn_rates: {
    zh: '消耗速率（页面阈值红、工单阈值琥珀）',
    en: 'Burn rates (page threshold vermilion, ticket amber)',
  },
  burn_rate_description: {
    zh: '窗口内不达标占比 ÷ 误差预算。1 表示按期用完预算；告警阈值：{thresholds}。',
    en: 'Bad share over the window ÷ error budget. 1 spends the budget exactly over the period; alert thresholds: {thresholds}.',
  },
  budget_over_time: { zh: '误差预算余量变化', en: 'Error budget remaining over time' },
  alerts_fired: { zh: '已触发告警', en: 'Alerts that fired' },
  // exporter
  exporter_description: {
    zh: '采集器自身：抓取、刷新、数据时效、CRM 数据有效性与增量计数。',
    en: 'The exporter itself: scrape, refresh, data age, the validity of the CRM rows and the incremental counts.',
  },
  now: { zh: '当前', en: 'Now' },
  over_time: { zh: '随时间', en: 'Over time' },
  scrape_down: { zh: '抓取失败', en: 'Scrape down' },
  refresh_failing: { zh: '刷新失败', en: 'Refresh failing' },
  data_age: { zh: '数据时效', en: 'Data age' },
  last_refresh: { zh: '最近刷新耗时', en: 'Last refresh took' },
  role_can_write: { zh: '账号可写', en: 'Role can write' },
  invalid_rows_now: { zh: '当前无效行', en: 'Invalid rows now' },
  series_budget: { zh: '序列占预算', en: 'Series of budget' },
  family_age: { zh: '各查询数据时效', en: 'Data age by query' },
  refresh_p90: { zh: '刷新耗时 p90（按查询）', en: 'Refresh duration p90 by query' },
  refresh_failures: { zh: '刷新失败次数（按查询）', en: 'Refresh failures by query' },
  invalid_rows: { zh: '无效行（按表与原因）', en: 'Invalid rows by relation and reason' },
  label_overflow: { zh: '归入"其他"的标签值', en: 'Label values folded into "other"' },
  scrape_duration: { zh: '抓取耗时', en: 'Scrape duration' },
  scrape_samples: { zh: '抓取样本数', en: 'Samples per scrape' },
  drift: { zh: '全量重算修正的序列', en: 'Series corrected by full recounts' },
  recounts: { zh: '全量重算次数（按查询）', en: 'Full recounts by query' },
  holdback: { zh: '计数器暂扣值（按查询）', en: 'Counter holdback by query' },
  corrections: { zh: '计数器修正次数（按查询）', en: 'Counter corrections by query' },
  build: { zh: '版本', en: 'Build' },
} as const satisfies Record<string, Text>;

export type DashboardTextKey = keyof typeof DASHBOARD_TEXT;

// ── The heat-map panel (grafana-plugin): its own words and its options editor ──

/**
 * The heat-map panel's own words: totals, tooltip fields, legend, empty-panel reasons and the screen
 * reader's sentences. `{x}` marks a value the panel fills in; row and column names are label values
 * (above), not these.
 */
export const PANEL_TEXT = {
  total: { zh: '合计', en: 'Total' },
  // tooltip
  value: { zh: '数值', en: 'Value' },
  numeratorDenominator: { zh: '分子 / 分母', en: 'Numerator / denominator' },
  target: { zh: '目标', en: 'Target' },
  gapToTarget: { zh: '与目标差距', en: 'Gap to target' },
  onTarget: { zh: '恰好达标', en: 'on target' },
  better: { zh: '优于目标 {size}', en: '{size} better' },
  worse: { zh: '差于目标 {size}', en: '{size} worse' },
  tooFewCases: { zh: '样本过少（n = {n} < {min}）', en: 'too few cases (n = {n} < {min})' },
  noCases: { zh: '无样本（n = 0）', en: 'no cases (n = 0)' },
  noData: { zh: '无数据', en: 'No data' },
  clickForLinks: { zh: '点击查看链接', en: 'click for links' },
  labelKey: { zh: '{label}代码', en: '{label} code' },
  rowKey: { zh: '行代码', en: 'Row key' },
  columnKey: { zh: '列代码', en: 'Column key' },
  // legend
  legendTarget: { zh: '目标 {value}', en: 'target {value}' },
  higherIsBetter: { zh: '越高越好', en: 'higher is better' },
  lowerIsBetter: { zh: '越低越好', en: 'lower is better' },
  // an empty panel
  noSeriesWithLabels: {
    zh: '没有同时带有“{row}”和“{column}”标签的序列',
    en: 'No series has both the "{row}" and "{column}" labels',
  },
  noRatioData: {
    zh: '查询 {numerator}（分子）和 {denominator}（分母）均无数据',
    en: 'No data for queries {numerator} (numerator) and {denominator} (denominator)',
  },
  // screen readers: the grid, and a cell as "title。label：value。…"
  gridLabel: {
    zh: '热力图，{rows} 行 × {columns} 列。方向键移动，回车下钻。',
    en: 'Heat map, {rows} rows by {columns} columns. Use arrow keys to move, Enter to drill down.',
  },
  field: { zh: '{label}：{value}', en: '{label}: {value}' },
  sentenceBreak: { zh: '。', en: '. ' },
} as const satisfies Record<string, Text>;

/** The panel's options editor (it follows the user's language in Grafana). */
export const EDITOR_TEXT = {
  // categories
  dimensions: { zh: '维度', en: 'Dimensions' },
  values: { zh: '数值', en: 'Values' },
  colour: { zh: '颜色', en: 'Colour' },
  display: { zh: '显示', en: 'Display' },
  order: { zh: '排序', en: 'Order' },
  drillDown: { zh: '下钻', en: 'Drill-down' },
  // options
  language: { zh: '面板语言', en: 'Panel language' },
  languageAuto: { zh: '跟随 Grafana', en: 'Follow Grafana' },
  // each language offered in its own words
  languageZh: { zh: '中文', en: '中文' },
  languageEn: { zh: 'English', en: 'English' },
  rowDimension: { zh: '行标签', en: 'Row label' },
  columnDimension: { zh: '列标签', en: 'Column label' },
  rowDisplayLabel: { zh: '行名称标签', en: 'Row display-name label' },
  rowDisplayLabelHelp: {
    zh: '存放行代码可读名称的标签，如 crm_region_info 的 name（值映射优先）',
    en: 'Label holding a readable name for the row key, e.g. name from crm_region_info (value mappings win)',
  },
  columnDisplayLabel: { zh: '列名称标签', en: 'Column display-name label' },
  mode: { zh: '数值模式', en: 'Value mode' },
  modeValue: { zh: '数值', en: 'Value' },
  modeRatio: { zh: '比率', en: 'Ratio' },
  numeratorRefId: { zh: '分子 / 数值查询（refId）', en: 'Numerator / value query (refId)' },
  denominatorRefId: { zh: '分母查询（refId）', en: 'Denominator query (refId)' },
  scale: { zh: '倍数', en: 'Scale factor' },
  complement: { zh: '取补（1 − 比率）', en: 'Complement (1 − ratio)' },
  minDenominator: { zh: '最小分母', en: 'Minimum denominator' },
  minDenominatorHelp: {
    zh: '样本更少的格子打斜线、不着色',
    en: 'Cells with fewer cases are hatched and not coloured',
  },
  reducer: { zh: '时间范围归约', en: 'Range reducer' },
  valueTotal: { zh: '数值模式的合计', en: 'Totals in value mode' },
  direction: { zh: '方向', en: 'Direction' },
  higherIsBetter: { zh: '越高越好', en: 'Higher is better' },
  lowerIsBetter: { zh: '越低越好', en: 'Lower is better' },
  target: { zh: '目标（SLA）', en: 'Target (SLA)' },
  targetHelp: { zh: '颜色以目标为中点分开', en: 'Colours diverge around it' },
  showValues: { zh: '显示数值', en: 'Show values' },
  showTotals: { zh: '显示合计', en: 'Show totals' },
  showLegend: { zh: '显示图例', en: 'Show legend' },
  rowOrder: { zh: '行顺序', en: 'Row order' },
  columnOrder: { zh: '列顺序', en: 'Column order' },
  customRowOrder: { zh: '自定义行顺序', en: 'Custom row order' },
  customColumnOrder: { zh: '自定义列顺序', en: 'Custom column order' },
  orderCode: { zh: '代码（地区树顺序）', en: 'Code (region tree)' },
  orderName: { zh: '名称（拼音）', en: 'Name (pinyin)' },
  orderValue: { zh: '数值（最差在前）', en: 'Value (worst first)' },
  orderTotal: { zh: '量（最大在前）', en: 'Volume (largest first)' },
  orderCustom: { zh: '自定义列表', en: 'Custom list' },
  rowVariable: { zh: '行变量', en: 'Row variable' },
  rowVariableHelp: { zh: '点击时设置的仪表盘变量', en: 'Dashboard variable set on click' },
  columnVariable: { zh: '列变量', en: 'Column variable' },
} as const satisfies Record<string, Text>;

/**
 * Every SLA timer's display names, one entry per timer: `overdue` labels its overdue-now count (the
 * wall, the drill-down), `item` says what one overdue item is (alert texts, dispatch notifications). The
 * catalogue's `timer.subject` says what the timer measures.
 */
export interface TimerNames {
  overdue: Text;
  item: Text;
}

export const TIMER_NAMES: Record<string, TimerNames> = {
  work_order_closure: {
    overdue: { zh: '工单超期', en: 'Work orders past deadline' },
    item: { zh: '超期未办结工单', en: 'work orders open past their deadline' },
  },
  repair_arrival: {
    overdue: { zh: '抢修未到场', en: 'Crews late on site' },
    item: { zh: '超时未到达现场的抢修', en: 'repairs whose crew is not on site within the arrival limit' },
  },
  repair_restoration: {
    overdue: { zh: '送电超时', en: 'Restorations late' },
    item: { zh: '超时未恢复送电的抢修', en: 'repairs not restored within the restoration limit' },
  },
  outage_notice: {
    overdue: { zh: '停电未告知', en: 'Notices not sent' },
    item: {
      zh: '未按时告知客户的停电',
      en: 'outages whose customers are not notified within the notice lead',
    },
  },
  outage_info_report: {
    overdue: { zh: '停电信息未报', en: 'Outage info not reported' },
    item: { zh: '超时未报送的停电信息', en: 'outages not reported to the 95598 system within the limit' },
  },
  restoration_info_report: {
    overdue: { zh: '送电信息未报', en: 'Restoration info not reported' },
    item: {
      zh: '超时未报送的送电信息',
      en: 'restorations not reported to the 95598 system within the limit',
    },
  },
  planned_outage_restoration: {
    overdue: { zh: '计划停电超时', en: 'Planned outages overrunning' },
    item: { zh: '超过计划时间未送电的停电', en: 'planned outages running past their planned end' },
  },
  connection: {
    overdue: { zh: '业扩超期', en: 'Connections past deadline' },
    item: { zh: '超期未完成的业扩申请', en: 'new-connection applications past their deadline' },
  },
  // contract v2
  outage_duration: {
    overdue: { zh: '长时间停电', en: 'Long outages ongoing' },
    item: { zh: '持续超过时限仍未恢复的停电', en: 'outages still ongoing past the long-outage limit' },
  },
  call_answer: {
    overdue: { zh: '来电排队超时', en: 'Calls waiting past the answer limit' },
    item: { zh: '等待超过应答时限的来电', en: 'calls waiting beyond the answer limit' },
  },
  missed_call_callback: {
    overdue: { zh: '未接来电未回拨', en: 'Missed calls not called back' },
    item: { zh: '超时未回拨的未接来电', en: 'missed calls not called back within the limit' },
  },
  remediation: {
    overdue: { zh: '提级整改超期', en: 'Escalations past rectification date' },
    item: {
      zh: '超过承诺日期未整改的提级工单',
      en: 'escalated work orders not rectified by their promised date',
    },
  },
  connection_stage: {
    overdue: { zh: '业扩环节超期', en: 'Connection stages past deadline' },
    item: { zh: '超期未完成的业扩环节', en: 'new-connection stages past their deadline' },
  },
};
