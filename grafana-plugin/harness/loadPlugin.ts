/**
 * Loads the *built* plugin (dist/module.js) the way Grafana does: as an AMD module whose externals
 * (React, @grafana/*, emotion) are handed in by the host. Proves the build and its externals work.
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';

import { HeatmapOptions } from '../src/types';

const SHARED: Record<string, unknown> = {
  react: React,
  'react-dom': ReactDOM,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
  '@emotion/css': emotionCss,
};

type Define = ((deps: string[], factory: (...modules: unknown[]) => unknown) => void) & { amd?: boolean };

export function loadBuiltPlugin(url: string): Promise<grafanaData.PanelPlugin<HeatmapOptions>> {
  return new Promise((resolve, reject) => {
    const define: Define = (deps, factory) => {
      const missing = deps.filter((d) => !(d in SHARED));
      if (missing.length) {
        reject(new Error(`plugin wants modules Grafana would not share: ${missing.join(', ')}`));
        return;
      }
      const exports = factory(...deps.map((d) => SHARED[d])) as {
        plugin?: grafanaData.PanelPlugin<HeatmapOptions>;
      };
      if (exports.plugin instanceof grafanaData.PanelPlugin) {
        resolve(exports.plugin);
      } else {
        reject(new Error('dist/module.js does not export a PanelPlugin named "plugin"'));
      }
    };
    define.amd = true;
    (window as unknown as { define: Define }).define = define;
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`cannot load ${url} — run npm run build first`));
    document.head.append(script);
  });
}
