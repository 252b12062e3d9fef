/**
 * The harness's stand-in for Grafana's template service, only as far as the panel's data links need it:
 * `$var`, `${var}` and `${__field.labels.x}` from scoped variables, then dashboard variables from the URL.
 */
import { ScopedVars } from '@grafana/data';

export function interpolate(
  text: string,
  scoped: ScopedVars | undefined,
  dashboard: Record<string, string>,
): string {
  return text.replace(
    /\$\{([\w.]+)\}|\$(\w+)/g,
    (whole, braced: string | undefined, bare: string | undefined) => {
      const path = (braced ?? bare ?? '').split('.');
      const head = path[0] ?? '';
      const scopedVar = scoped?.[head];
      if (scopedVar) {
        let value: unknown = scopedVar.value;
        for (const key of path.slice(1)) {
          value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
        }
        return value === undefined ? whole : encodeURIComponent(String(value));
      }
      return head in dashboard ? encodeURIComponent(dashboard[head] ?? '') : whole;
    },
  );
}
