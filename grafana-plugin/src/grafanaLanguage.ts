import { config } from '@grafana/runtime';

/** Grafana's user language, where the Grafana version tells plugins (`zh-Hans`, `en-US`, …). */
export function grafanaLanguage(): string | undefined {
  return config.language || config.bootData?.user?.language || undefined;
}
