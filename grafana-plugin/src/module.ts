import { FieldColorModeId, FieldConfigProperty, PanelPlugin, fieldReducers } from '@grafana/data';

import { HeatmapPanel } from './components/HeatmapPanel';
import { HeatmapOptions, ValueTotal, defaultOptions as d } from './types';

const VALUE_TOTALS: ValueTotal[] = ['sum', 'mean', 'min', 'max'];

const ORDER = [
  { value: 'name', label: 'Name' },
  { value: 'value', label: 'Value (worst first)' },
  { value: 'total', label: 'Volume' },
  { value: 'custom', label: 'Custom list' },
] as const;

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
      .addTextInput({
        path: 'rowDimension',
        name: 'Row label',
        category: ['Dimensions'],
        defaultValue: d.rowDimension,
      })
      .addTextInput({
        path: 'columnDimension',
        name: 'Column label',
        category: ['Dimensions'],
        defaultValue: d.columnDimension,
      })
      .addTextInput({
        path: 'rowDisplayLabel',
        name: 'Row display-name label',
        description: 'Label holding a readable name for the row key, e.g. name from crm_region_info',
        category: ['Dimensions'],
        defaultValue: d.rowDisplayLabel,
      })
      .addTextInput({
        path: 'columnDisplayLabel',
        name: 'Column display-name label',
        category: ['Dimensions'],
        defaultValue: d.columnDisplayLabel,
      })
      .addRadio({
        path: 'mode',
        name: 'Value mode',
        category: ['Values'],
        defaultValue: d.mode,
        settings: {
          options: [
            { value: 'value', label: 'Value' },
            { value: 'ratio', label: 'Ratio' },
          ],
        },
      })
      .addTextInput({
        path: 'numeratorRefId',
        name: 'Numerator / value query (refId)',
        category: ['Values'],
        defaultValue: d.numeratorRefId,
      })
      .addTextInput({
        path: 'denominatorRefId',
        name: 'Denominator query (refId)',
        category: ['Values'],
        defaultValue: d.denominatorRefId,
        showIf: ratio,
      })
      .addNumberInput({
        path: 'scale',
        name: 'Scale factor',
        description: '1, 100, 10000 …',
        category: ['Values'],
        defaultValue: d.scale,
        showIf: ratio,
      })
      .addBooleanSwitch({
        path: 'complement',
        name: 'Complement (1 − ratio)',
        category: ['Values'],
        defaultValue: d.complement,
        showIf: ratio,
      })
      .addNumberInput({
        path: 'minDenominator',
        name: 'Minimum denominator',
        description: 'Cells with fewer cases are hatched and not coloured',
        category: ['Values'],
        defaultValue: d.minDenominator,
        showIf: ratio,
      })
      .addSelect({
        path: 'reducer',
        name: 'Range reducer',
        category: ['Values'],
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
        name: 'Totals in value mode',
        category: ['Values'],
        defaultValue: d.valueTotal,
        settings: { options: VALUE_TOTALS.map((v) => ({ value: v, label: v })) },
        showIf: (o) => !ratio(o),
      })
      .addRadio({
        path: 'direction',
        name: 'Direction',
        category: ['Colour'],
        defaultValue: d.direction,
        settings: {
          options: [
            { value: 'higherIsBetter', label: 'Higher is better' },
            { value: 'lowerIsBetter', label: 'Lower is better' },
          ],
        },
      })
      .addNumberInput({
        path: 'target',
        name: 'Target (SLA)',
        category: ['Colour'],
        description: 'Colours diverge around it',
      })
      .addBooleanSwitch({
        path: 'showValues',
        name: 'Show values',
        category: ['Display'],
        defaultValue: d.showValues,
      })
      .addBooleanSwitch({
        path: 'showTotals',
        name: 'Show totals',
        category: ['Display'],
        defaultValue: d.showTotals,
      })
      .addBooleanSwitch({
        path: 'showLegend',
        name: 'Show legend',
        category: ['Display'],
        defaultValue: d.showLegend,
      })
      .addSelect({
        path: 'rowOrder',
        name: 'Row order',
        category: ['Order'],
        defaultValue: d.rowOrder,
        settings: { options: [...ORDER] },
      })
      .addTextInput({
        path: 'customRowOrder',
        name: 'Custom row order',
        category: ['Order'],
        defaultValue: d.customRowOrder,
        showIf: (o) => o.rowOrder === 'custom',
      })
      .addSelect({
        path: 'columnOrder',
        name: 'Column order',
        category: ['Order'],
        defaultValue: d.columnOrder,
        settings: { options: [...ORDER] },
      })
      .addTextInput({
        path: 'customColumnOrder',
        name: 'Custom column order',
        category: ['Order'],
        defaultValue: d.customColumnOrder,
        showIf: (o) => o.columnOrder === 'custom',
      })
      .addTextInput({
        path: 'rowVariable',
        name: 'Row variable',
        description: 'Dashboard variable set on click',
        category: ['Drill-down'],
        defaultValue: d.rowVariable,
      })
      .addTextInput({
        path: 'columnVariable',
        name: 'Column variable',
        category: ['Drill-down'],
        defaultValue: d.columnVariable,
      });
  });
