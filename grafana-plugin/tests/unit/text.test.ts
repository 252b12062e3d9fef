import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { EDITOR_TEXT, PANEL_TEXT, Text } from '@service-kpi-monitor/catalog';
import ts from 'typescript';

import { panelText, resolveLanguage, say } from '../../src/heatmap/text';

describe('the panel’s language', () => {
  it('follows the option when it names a language, whatever Grafana says', () => {
    expect(resolveLanguage('en', 'zh-Hans')).toBe('en');
    expect(resolveLanguage('zh', 'en-US')).toBe('zh');
  });

  it.each([
    ['zh-Hans', 'zh'],
    ['zh-Hant', 'zh'],
    ['zh-CN', 'zh'],
    ['en-US', 'en'],
    ['fr-FR', 'en'], // no French here: English is the language outside readers get
    [undefined, 'zh'], // Grafana says nothing (older versions, the harness): Chinese
    ['', 'zh'],
  ] as const)('auto follows Grafana’s user language %s → %s', (grafana, expected) => {
    expect(resolveLanguage('auto', grafana)).toBe(expected);
    expect(resolveLanguage(undefined, grafana)).toBe(expected);
  });
});

describe('the panel’s words', () => {
  it('has every word in both languages, and different ones', () => {
    const zh = panelText('zh');
    const en = panelText('en');
    for (const w of ['total', 'target', 'gapToTarget', 'noData', 'value', 'clickForLinks'] as const) {
      expect(zh.word(w)).not.toBe('');
      expect(zh.word(w)).not.toBe(en.word(w));
    }
    expect([zh.word('total'), en.word('total')]).toEqual(['合计', 'Total']);
  });

  it('names a key after its label from the dictionary, with a generic fallback', () => {
    expect(panelText('zh').keyOf('row', 'region')).toBe('地区代码');
    expect(panelText('en').keyOf('column', 'segment')).toBe('Segment code');
    expect(panelText('zh').keyOf('column', 'no_such_label')).toBe('列代码');
    expect(panelText('en').keyOf('row', 'no_such_label')).toBe('Row key');
  });

  it('joins a screen-reader sentence with each language’s punctuation', () => {
    const lines = [{ label: 'a', value: '1' }];
    expect(panelText('zh').sentence('T', lines)).toBe('T。a：1');
    expect(panelText('en').sentence('T', lines)).toBe('T. a: 1');
  });
});

describe('the panel’s words come from the catalog’s dictionary', () => {
  const entries = (section: Record<string, Text>) => Object.entries(section);
  const slots = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it.each([
    ['PANEL_TEXT', PANEL_TEXT],
    ['EDITOR_TEXT', EDITOR_TEXT],
  ] as const)(
    '%s: every entry Chinese first, then English, both with the same placeholders',
    (_, section) => {
      for (const [key, text] of entries(section)) {
        expect([key, Object.keys(text)]).toEqual([key, ['zh', 'en']]);
        expect([key, text.zh.trim() !== '', text.en.trim() !== '']).toEqual([key, true, true]);
        expect([key, slots(text.zh)]).toEqual([key, slots(text.en)]);
      }
    },
  );

  it('says the dictionary’s words in the panel’s language', () => {
    expect(panelText('zh').word('gapToTarget')).toBe(PANEL_TEXT.gapToTarget.zh);
    expect(panelText('en').word('gapToTarget')).toBe(PANEL_TEXT.gapToTarget.en);
    expect(panelText('zh').tooFewCases('10', '20')).toBe('样本过少（n = 10 < 20）');
    expect(panelText('en').gridLabel(3, 4)).toBe(
      'Heat map, 3 rows by 4 columns. Use arrow keys to move, Enter to drill down.',
    );
  });

  it('fills each placeholder once: a label holding "{…}" stays as it is', () => {
    expect(say('en', 'noSeriesWithLabels', { row: '{column}', column: 'segment' })).toBe(
      'No series has both the "{column}" and "segment" labels',
    );
  });

  it('keeps no Chinese text of its own in the plugin’s source (comments aside)', () => {
    const han = /\p{Script=Han}/u;
    const found: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          visit(path);
        } else if (/\.tsx?$/.test(entry.name)) {
          // Strings, templates and JSX text from the syntax tree: comments are not in it.
          const walk = (node: ts.Node): void => {
            const text =
              ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)
                ? node.text
                : '';
            if (han.test(text)) {
              found.push(`${path}: ${text}`);
            }
            node.forEachChild(walk);
          };
          walk(ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true));
        }
      }
    };
    visit(join(__dirname, '../../src'));
    expect(found).toEqual([]);
  });
});
