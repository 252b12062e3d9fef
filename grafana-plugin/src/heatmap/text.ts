/**
 * The panel's own words in one language, and which language a panel speaks. The words themselves are the
 * catalog's dictionary (PANEL_TEXT); display names of label values come from value mappings, the data
 * and the dictionary (names.ts).
 */
import { DEFAULT_LANGUAGE, LABEL_NAMES, Language, PANEL_TEXT, Text } from '@service-kpi-monitor/catalog';

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

type Key = keyof typeof PANEL_TEXT;
/** The `{x}` placeholders of a template, as a union of their names (checked when the panel fills them). */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;
type Slots<K extends Key> = Placeholders<(typeof PANEL_TEXT)[K]['zh'] | (typeof PANEL_TEXT)[K]['en']>;
/** Entries with nothing to fill in. */
export type Word = { [K in Key]: [Slots<K>] extends [never] ? K : never }[Key];

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

const LOCALES: Record<Language, string> = { zh: 'zh-CN', en: 'en' };

/**
 * A template with its placeholders filled, in one pass: a value that itself contains `{x}` (a label can
 * hold anything) is not filled again.
 */
export function say<K extends Key>(
  language: Language,
  key: K,
  values: Record<Slots<K>, string | number>,
): string {
  const filled = values as Record<string, string | number>;
  return (PANEL_TEXT[key] as Text)[language].replace(/\{(\w+)\}/g, (slot, name: string) =>
    name in filled ? String(filled[name]) : slot,
  );
}

function textIn(language: Language): PanelText {
  const word = (w: Word): string => PANEL_TEXT[w][language];
  return {
    language,
    locale: LOCALES[language],
    word,
    keyOf: (axis, label) => {
      const name = (LABEL_NAMES as Record<string, Text | undefined>)[label];
      return name
        ? say(language, 'labelKey', { label: name[language] })
        : word(axis === 'row' ? 'rowKey' : 'columnKey');
    },
    better: (size) => say(language, 'better', { size }),
    worse: (size) => say(language, 'worse', { size }),
    tooFewCases: (n, min) => say(language, 'tooFewCases', { n, min }),
    noCases: () => word('noCases'),
    legendTarget: (value) => say(language, 'legendTarget', { value }),
    gridLabel: (rows, columns) => say(language, 'gridLabel', { rows, columns }),
    noSeriesWithLabels: (row, column) => say(language, 'noSeriesWithLabels', { row, column }),
    noRatioData: (numerator, denominator) => say(language, 'noRatioData', { numerator, denominator }),
    sentence: (title, lines) =>
      [title, ...lines.map(({ label, value }) => say(language, 'field', { label, value }))].join(
        word('sentenceBreak'),
      ),
  };
}

const TEXTS: Record<Language, PanelText> = { zh: textIn('zh'), en: textIn('en') };

export function panelText(language: Language): PanelText {
  return TEXTS[language];
}
