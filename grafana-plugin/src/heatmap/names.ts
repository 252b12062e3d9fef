/**
 * What a row or column is called: the field's value mappings (which the dashboards generate from the
 * dictionary), else the display-name label on the data, else a name source such as crm_region_info,
 * else the catalog's dictionary, else the key itself.
 */
import { FieldType, GrafanaTheme2, ValueMapping, getDisplayProcessor } from '@grafana/data';
import { Language, labelValueName } from '@service-kpi-monitor/catalog';

import { Axis } from './samples';

export function axisNames(
  axis: Axis,
  label: string,
  mappings: ValueMapping[] | undefined,
  language: Language,
  theme: GrafanaTheme2,
): string[] {
  const mapped = mapper(mappings, theme);
  return axis.keys.map(
    (key, id) =>
      mapped(key) ?? axis.dataNames[id] ?? axis.sourceNames.get(key) ?? labelValueName(label, key, language),
  );
}

/** Grafana applies the mappings, as it does to a string field; `string` unit: a key "1" is not a number. */
function mapper(
  mappings: ValueMapping[] | undefined,
  theme: GrafanaTheme2,
): (key: string) => string | undefined {
  if (!mappings || mappings.length === 0) {
    return () => undefined;
  }
  const display = getDisplayProcessor({
    field: { type: FieldType.string, config: { mappings, unit: 'string' } },
    theme,
  });
  return (key) => {
    const text = display(key).text;
    return text !== '' && text !== key ? text : undefined;
  };
}
