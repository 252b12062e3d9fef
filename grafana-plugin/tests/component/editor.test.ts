/** The options editor as Grafana builds it from the plugin: labelled in the user's Grafana language. */
import { PanelOptionsEditorBuilder, PanelPlugin, standardEditorsRegistry } from '@grafana/data';
import { EDITOR_TEXT, Language } from '@service-kpi-monitor/catalog';

import { HeatmapOptions } from '../../src/types';

// Grafana's core fills the editor registry at start-up; the builder only looks the ids up (nothing is
// rendered here), so the ids the panel uses are registered with an empty editor.
standardEditorsRegistry.setInit(() =>
  ['radio', 'text', 'number', 'boolean', 'select'].map((id) => ({ id, name: id, editor: () => null })),
);

function editorItems(grafanaLanguage: string | undefined) {
  let plugin: PanelPlugin<HeatmapOptions> | undefined;
  // The editor's labels are fixed when Grafana loads the module: load it afresh (with a fresh
  // @grafana/runtime whose config says the language) for each language.
  jest.isolateModules(() => {
    /* eslint-disable @typescript-eslint/no-require-imports -- fresh module instances per language */
    (require('@grafana/runtime') as { config: { language?: string } }).config.language = grafanaLanguage;
    plugin = (require('../../src/module') as { plugin: PanelPlugin<HeatmapOptions> }).plugin;
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
  const builder = new PanelOptionsEditorBuilder<HeatmapOptions>();
  plugin!.getPanelOptionsSupplier()(builder, { data: [] });
  return builder.getItems();
}

describe('options editor', () => {
  it('speaks Chinese when Grafana says nothing, and offers the region-tree and pinyin orders', () => {
    const items = editorItems(undefined);
    const language = items.find((i) => i.path === 'language')!;
    expect(language.name).toBe('面板语言');
    const rowOrder = items.find((i) => i.path === 'rowOrder')!;
    expect(rowOrder.name).toBe('行顺序');
    expect(rowOrder.defaultValue).toBe('code');
    const choices = (rowOrder.settings as { options: Array<{ value: string; label: string }> }).options;
    expect(choices.map((o) => o.value)).toEqual(['code', 'name', 'value', 'total', 'custom']);
    expect(choices[1]!.label).toBe('名称（拼音）');
  });

  it('speaks English to an en-US Grafana user', () => {
    const items = editorItems('en-US');
    expect(items.find((i) => i.path === 'language')!.name).toBe('Panel language');
    expect(items.find((i) => i.path === 'target')!.name).toBe('Target (SLA)');
  });

  it.each([
    ['zh', undefined],
    ['zh', 'zh-Hans'],
    ['en', 'en-US'],
  ] as Array<[Language, string | undefined]>)(
    'labels every option, category and choice with the catalog’s words in %s (Grafana says %s)',
    (language, grafanaLanguage) => {
      const words = new Set<string>(Object.values(EDITOR_TEXT).map((text) => text[language]));
      const items = editorItems(grafanaLanguage);
      const shown = items.flatMap((item) => {
        const choices = (item.settings as { options?: Array<{ label?: string }> } | undefined)?.options;
        return [
          item.name,
          ...(item.category ?? []),
          // the reducer's choices are Grafana's own, the value totals' the option values themselves
          ...(item.path === 'reducer' || item.path === 'valueTotal'
            ? []
            : (choices ?? []).map((c) => c.label)),
        ];
      });
      expect(shown.filter((label) => !words.has(label as string))).toEqual([]);
      const descriptions = items
        .map((i) => i.description)
        .filter((d) => d !== undefined && d !== '1, 100, 10000 …');
      expect(descriptions.filter((d) => !words.has(d as string))).toEqual([]);
      expect(descriptions).toHaveLength(4);
    },
  );
});
