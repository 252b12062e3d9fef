/**
 * The panel's own words, in Chinese and English, and which of the two a panel speaks. Display names of
 * label values are not here: they come from value mappings, the data and the catalog's dictionary.
 */
import { DEFAULT_LANGUAGE, LABEL_NAMES, Language, Text } from '@service-kpi-monitor/catalog';

import { PanelLanguage } from '../types';

export type { Language };

/**
 * `zh` or `en` as the option says; for `auto`, Grafana's user language: Chinese for any `zh-*`, English
 * for any other language Grafana reports (it has no Chinese to offer there), Chinese when it reports none.
 */
export function resolveLanguage(
  option: PanelLanguage | undefined,
  grafanaLanguage: string | undefined,
): Language {
  if (option === 'zh' || option === 'en') {
    return option;
  }
  const reported = (grafanaLanguage ?? '').trim().toLowerCase();
  if (reported === '') {
    return DEFAULT_LANGUAGE;
  }
  return reported.startsWith('zh') ? 'zh' : 'en';
}

const WORDS = {
  total: { zh: '合计', en: 'Total' },
  value: { zh: '数值', en: 'Value' },
  numeratorDenominator: { zh: '分子 / 分母', en: 'Numerator / denominator' },
  target: { zh: '目标', en: 'Target' },
  gapToTarget: { zh: '与目标差距', en: 'Gap to target' },
  onTarget: { zh: '恰好达标', en: 'on target' },
  noData: { zh: '无数据', en: 'No data' },
  higherIsBetter: { zh: '越高越好', en: 'higher is better' },
  lowerIsBetter: { zh: '越低越好', en: 'lower is better' },
  clickForLinks: { zh: '点击查看链接', en: 'click for links' },
  rowKey: { zh: '行代码', en: 'Row key' },
  columnKey: { zh: '列代码', en: 'Column key' },
} as const satisfies Record<string, Text>;

export type Word = keyof typeof WORDS;

/** Everything the panel says, in one language. */
export interface PanelText {
  language: Language;
  /** Locale for plain counts (n, numerator / denominator). */
  locale: string;
  word(w: Word): string;
  /** "地区代码" / "Region code" for a known label, else "行代码" / "Row key". */
  keyOf(axis: 'row' | 'column', label: string): string;
  better(size: string): string;
  worse(size: string): string;
  tooFewCases(n: string, min: string): string;
  noCases(): string;
  legendTarget(value: string): string;
  gridLabel(rows: number, columns: number): string;
  noSeriesWithLabels(row: string, column: string): string;
  noRatioData(numerator: string, denominator: string): string;
  /** Joins "label: value" pairs into one sentence for screen readers. */
  sentence(title: string, lines: Array<{ label: string; value: string }>): string;
}

const zh: Omit<PanelText, 'word' | 'keyOf'> = {
  language: 'zh',
  locale: 'zh-CN',
  better: (size) => `优于目标 ${size}`,
  worse: (size) => `差于目标 ${size}`,
  tooFewCases: (n, min) => `样本过少（n = ${n} < ${min}）`,
  noCases: () => '无样本（n = 0）',
  legendTarget: (value) => `目标 ${value}`,
  gridLabel: (rows, columns) => `热力图，${rows} 行 × ${columns} 列。方向键移动，回车下钻。`,
  noSeriesWithLabels: (row, column) => `没有同时带有“${row}”和“${column}”标签的序列`,
  noRatioData: (numerator, denominator) => `查询 ${numerator}（分子）和 ${denominator}（分母）均无数据`,
  sentence: (title, lines) => [title, ...lines.map((l) => `${l.label}：${l.value}`)].join('。'),
};

const en: Omit<PanelText, 'word' | 'keyOf'> = {
  language: 'en',
  locale: 'en',
  better: (size) => `${size} better`,
  worse: (size) => `${size} worse`,
  tooFewCases: (n, min) => `too few cases (n = ${n} < ${min})`,
  noCases: () => 'no cases (n = 0)',
  legendTarget: (value) => `target ${value}`,
  gridLabel: (rows, columns) =>
    `Heat map, ${rows} rows by ${columns} columns. Use arrow keys to move, Enter to drill down.`,
  noSeriesWithLabels: (row, column) => `No series has both the "${row}" and "${column}" labels`,
  noRatioData: (numerator, denominator) =>
    `No data for queries ${numerator} (numerator) and ${denominator} (denominator)`,
  sentence: (title, lines) => [title, ...lines.map((l) => `${l.label}: ${l.value}`)].join('. '),
};

const TEXTS: Record<Language, PanelText> = { zh: complete(zh), en: complete(en) };

export function panelText(language: Language): PanelText {
  return TEXTS[language];
}

function complete(base: Omit<PanelText, 'word' | 'keyOf'>): PanelText {
  const language = base.language;
  return {
    ...base,
    word: (w) => WORDS[w][language],
    keyOf: (axis, label) => {
      const name = (LABEL_NAMES as Record<string, Text | undefined>)[label];
      if (!name) {
        return WORDS[axis === 'row' ? 'rowKey' : 'columnKey'][language];
      }
      return language === 'zh' ? `${name.zh}代码` : `${name.en} code`;
    },
  };
}
