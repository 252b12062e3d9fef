import { panelText, resolveLanguage } from '../../src/heatmap/text';

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
