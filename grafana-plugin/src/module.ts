import { FieldColorModeId, FieldConfigProperty, PanelPlugin, fieldReducers } from '@grafana/data';
import { EDITOR_TEXT } from '@service-kpi-monitor/catalog';

import { HeatmapPanel } from './components/HeatmapPanel';
import { grafanaLanguage } from './grafanaLanguage';
import { resolveLanguage } from './heatmap/text';
import { AxisOrder, HeatmapOptions, ValueTotal, defaultOptions as d } from './types';

const VALUE_TOTALS: ValueTotal[] = ['sum', 'mean', 'min', 'max'];

// The editor is built once, when Grafana loads the plugin: it speaks the user's Grafana language.
const editorLanguage = resolveLanguage('auto', grafanaLanguage());
const t = (key: keyof typeof EDITOR_TEXT): string => EDITOR_TEXT[key][editorLanguage];

const ORDER: Array<{ value: AxisOrder; label: string }> = [
  { value: 'code', label: t('orderCode') },
  { value: 'name', label: t('orderName') },
  { value: 'value', label: t('orderValue') },
  { value: 'total', label: t('orderTotal') },
  { value: 'custom', label: t('orderCustom') },
];

export const plugin = new PanelPlugin<HeatmapOptions>(HeatmapPanel)
  .useFieldConfig({
    standardOptions: {
      [FieldConfigProperty.Color]: {
        settings: { byValueSupport: true, bySeriesSupport: false, preferThresholdsMode: false },
        defaultValue: { mode: FieldColorModeId.ContinuousBlYlRd },
      },
    },
  })
  .setPanelOptions((builder) => {
    const ratio = (o: HeatmapOptions): boolean => o.mode === 'ratio';
    builder
      .addRadio({
        path: 'language',
        name: t('language'),
        category: [t('display')],
        defaultValue: d.language,
        settings: {
          options: [
            { value: 'auto', label: t('languageAuto') },
            { value: 'zh', label: t('languageZh') },
            { value: 'en', label: t('languageEn') },
          ],
        },
      })
      .addTextInput({
        path: 'rowDimension',
        name: t('rowDimension'),
        category: [t('dimensions')],
        defaultValue: d.rowDimension,
      })
      .addTextInput({
        path: 'columnDimension',
        name: t('columnDimension'),
        category: [t('dimensions')],
        defaultValue: d.columnDimension,
      })
      .addTextInput({
        path: 'rowDisplayLabel',
        name: t('rowDisplayLabel'),
        description: t('rowDisplayLabelHelp'),
        category: [t('dimensions')],
        defaultValue: d.rowDisplayLabel,
      })
      .addTextInput({
        path: 'columnDisplayLabel',
        name: t('columnDisplayLabel'),
        category: [t('dimensions')],
        defaultValue: d.columnDisplayLabel,
      })
      .addRadio({
        path: 'mode',
        name: t('mode'),
        category: [t('values')],
        defaultValue: d.mode,
        settings: {
          options: [
            { value: 'value', label: t('modeValue') },
            { value: 'ratio', label: t('modeRatio') },
          ],
        },
      })
      .addTextInput({
        path: 'numeratorRefId',
        name: t('numeratorRefId'),
        category: [t('values')],
        defaultValue: d.numeratorRefId,
      })
      .addTextInput({
        path: 'denominatorRefId',
        name: t('denominatorRefId'),
        category: [t('values')],
        defaultValue: d.denominatorRefId,
        showIf: ratio,
      })
      .addNumberInput({
        path: 'scale',
        name: t('scale'),
        description: '1, 100, 10000 …',
        category: [t('values')],
        defaultValue: d.scale,
        showIf: ratio,
      })
      .addBooleanSwitch({
        path: 'complement',
        name: t('complement'),
        category: [t('values')],
        defaultValue: d.complement,
        showIf: ratio,
      })
      .addNumberInput({
        path: 'minDenominator',
        name: t('minDenominator'),
        description: t('minDenominatorHelp'),
        category: [t('values')],
        defaultValue: d.minDenominator,
        showIf: ratio,
      })
      .addSelect({
        path: 'reducer',
        name: t('reducer'),
        category: [t('values')],
        defaultValue: d.reducer,
        settings: {
          options: fieldReducers.selectOptions(
            [],
            (r) => !r.emptyInputResult && r.id !== 'allValues' && r.id !== 'uniqueValues',
          ).options,
        },
      })
      .addRadio({
        path: 'valueTotal',
        name: t('valueTotal'),
        category: [t('values')],
        defaultValue: d.valueTotal,
        settings: { options: VALUE_TOTALS.map((v) => ({ value: v, label: v })) },
        showIf: (o) => !ratio(o),
      })
      .addRadio({
        path: 'direction',
        name: t('direction'),
        category: [t('colour')],
        defaultValue: d.direction,
        settings: {
          options: [
            { value: 'higherIsBetter', label: t('higherIsBetter') },
            { value: 'lowerIsBetter', label: t('lowerIsBetter') },
          ],
        },
      })
      .addNumberInput({
        path: 'target',
        name: t('target'),
        category: [t('colour')],
        description: t('targetHelp'),
      })
      .addBooleanSwitch({
        path: 'showValues',
        name: t('showValues'),
        category: [t('display')],
        defaultValue: d.showValues,
      })
      .addBooleanSwitch({
        path: 'showTotals',
        name: t('showTotals'),
        category: [t('display')],
        defaultValue: d.showTotals,
      })
      .addBooleanSwitch({
        path: 'showLegend',
        name: t('showLegend'),
        category: [t('display')],
        defaultValue: d.showLegend,
      })
      .addSelect({
        path: 'rowOrder',
        name: t('rowOrder'),
        category: [t('order')],
        defaultValue: d.rowOrder,
        settings: { options: ORDER },
      })
      .addTextInput({
        path: 'customRowOrder',
        name: t('customRowOrder'),
        category: [t('order')],
        defaultValue: d.customRowOrder,
        showIf: (o) => o.rowOrder === 'custom',
      })
      .addSelect({
        path: 'columnOrder',
        name: t('columnOrder'),
        category: [t('order')],
        defaultValue: d.columnOrder,
        settings: { options: ORDER },
      })
      .addTextInput({
        path: 'customColumnOrder',
        name: t('customColumnOrder'),
        category: [t('order')],
        defaultValue: d.customColumnOrder,
        showIf: (o) => o.columnOrder === 'custom',
      })
      .addTextInput({
        path: 'rowVariable',
        name: t('rowVariable'),
        description: t('rowVariableHelp'),
        category: [t('drillDown')],
        defaultValue: d.rowVariable,
      })
      .addTextInput({
        path: 'columnVariable',
        name: t('columnVariable'),
        category: [t('drillDown')],
        defaultValue: d.columnVariable,
      });
  });
