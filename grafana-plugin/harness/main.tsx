/**
 * The harness page: mounts the real panel component with real @grafana/data frames (converted from
 * Prometheus API responses), the real Grafana theme and Grafana's real location service, outside
 * Grafana. By default it mounts the built plugin (dist/module.js, loaded as Grafana loads it); ?source=1
 * mounts the source component instead. Other URL parameters: scenario (see scenarios.ts),
 * theme (dark|light), rows & cols (a synthetic ratio matrix of that size), lang (the panel's language
 * option: auto|zh|en), grafanaLanguage (the user language Grafana would report, e.g. en-US), hold=1
 * (load and convert everything, then wait for window.harnessGo() before rendering).
 */
import { css } from '@emotion/css';
import {
  DataFrame,
  EventBusSrv,
  PanelProps,
  FieldColorModeId,
  FieldType,
  GrafanaTheme2,
  LoadingState,
  ThemeContext,
  createTheme,
  fieldColorModeRegistry,
  fieldReducers,
  getDefaultTimeRange,
  getValueFormat,
} from '@grafana/data';
import { config, locationService } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';

import { HeatmapPanel } from '../src/components/HeatmapPanel';
import { resolveLanguage } from '../src/heatmap/text';
import { HeatmapOptions, PanelLanguage } from '../src/types';
import { interpolate } from './interpolate';
import { loadBuiltPlugin } from './loadPlugin';
import { PromResponse, toDataFrames } from './prometheus';
import { SCENARIOS, Scenario, mappingsFor, syntheticPair } from './scenarios';

interface HarnessState {
  ready: boolean;
  /** ?hold=1: the frames are ready and the render waits for harnessGo() (the bench reads CPU time around it). */
  held?: boolean;
  /** 'dist' when the built plugin (dist/module.js) is mounted, 'source' for ?source=1. */
  panel?: 'dist' | 'source';
  renderMs?: number;
  convertMs?: number;
  cells?: number;
  error?: string;
}
declare global {
  interface Window {
    harness: HarnessState;
    harnessGo?: () => void;
    /** The theme the panel is given, for tests that compare what it shows with the theme's values. */
    harnessTheme: GrafanaTheme2;
  }
}
window.harness = { ready: false };

const params = new URLSearchParams(window.location.search);
const scenarioId = params.get('scenario') ?? 'timeliness';
const mode = params.get('theme') === 'light' ? 'light' : 'dark';
const theme = createTheme({ colors: { mode } });
window.harnessTheme = theme;
const HEADER = 40;
const timeRange = getDefaultTimeRange();
const languageOption = (params.get('lang') ?? 'auto') as PanelLanguage;
// What Grafana's boot data would say about the user's language (absent outside Grafana).
config.language = params.get('grafanaLanguage') ?? undefined;

/**
 * What Grafana has done before any panel renders: built its registries of units, reducers and colour
 * schemes, and run React and @grafana/ui (its whole UI is made of them). Done here before the clock
 * starts, so that the first render measures the panel — whose own code is still cold — not Grafana's
 * start-up.
 */
function grafanaStartup(): void {
  getValueFormat('percent');
  fieldReducers.get('lastNotNull');
  fieldColorModeRegistry.get(FieldColorModeId.ContinuousBlYlRd).getColors?.(theme);
  const host = document.createElement('div');
  host.style.cssText = 'position: absolute; left: -10000px;';
  document.body.append(host);
  const root = createRoot(host);
  flushSync(() =>
    root.render(
      <ThemeContext.Provider value={theme}>
        <GrafanaChrome />
      </ThemeContext.Provider>,
    ),
  );
  // Laid out, as Grafana's UI text is: fonts and their fallbacks (Han glyphs included) are resolved.
  void host.offsetWidth;
  root.unmount();
  host.remove();
}

/** A stand-in for Grafana's own UI in grafanaStartup(): hooks, theme styles, a few elements. */
function GrafanaChrome(): React.JSX.Element {
  const styles = useStyles2((t) => ({ bar: css({ padding: t.spacing(1), color: t.colors.text.secondary }) }));
  const [open, setOpen] = useState(false);
  const label = useMemo(() => (open ? 'open' : 'closed'), [open]);
  const toggle = useCallback(() => setOpen((o) => !o), []);
  useEffect(() => undefined, [label]);
  return (
    <div className={styles.bar} onClick={toggle}>
      <span>{label}</span> <span>仪表板 Dashboards</span>
    </div>
  );
}

async function loadResponses(
  scenario: Scenario,
): Promise<Array<[string, PromResponse, 'time_series' | 'table']>> {
  const rows = Number(params.get('rows'));
  const cols = Number(params.get('cols'));
  if (rows > 0 && cols > 0) {
    const { late, due } = syntheticPair(rows, cols);
    return [
      ['A', late, 'time_series'],
      ['B', due, 'time_series'],
    ];
  }
  return Promise.all(
    scenario.queries.map(async (q) => {
      const response = (await (await fetch(`fixtures/${q.fixture}.json`)).json()) as PromResponse;
      return [q.refId, scenario.alter ? scenario.alter(q.refId, response) : response, q.format] as [
        string,
        PromResponse,
        typeof q.format,
      ];
    }),
  );
}

/** The panel's field config defaults: the scenario's, with the value mappings a dashboard would carry. */
function fieldDefaults(scenario: Scenario): Scenario['defaults'] {
  if (!scenario.mappings) {
    return scenario.defaults;
  }
  const language = resolveLanguage(languageOption, config.language);
  return { ...scenario.defaults, mappings: mappingsFor(scenario.mappings, language) };
}

/** What Grafana does before a panel sees the data: field config defaults applied to the value fields. */
function applyDefaults(frames: DataFrame[], scenario: Scenario): DataFrame[] {
  const defaults = fieldDefaults(scenario);
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type === FieldType.number) {
        field.config = { ...defaults, ...field.config };
      }
    }
  }
  return frames;
}

function useWindowSize(): { width: number; height: number } {
  const [size, setSize] = useState({ width: window.innerWidth, height: window.innerHeight });
  useEffect(() => {
    const onResize = (): void => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

function useDashboardVariables(): Record<string, string> {
  const read = (): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(locationService.getSearchObject())) {
      if (key.startsWith('var-')) {
        out[key.slice(4)] = String(value);
      }
    }
    return out;
  };
  const [vars, setVars] = useState(read);
  useEffect(() => locationService.getHistory().listen(() => setVars(read())), []);
  return vars;
}

type Panel = React.ComponentType<PanelProps<HeatmapOptions>>;

function App({
  scenario,
  frames,
  Panel,
}: {
  scenario: Scenario;
  frames: DataFrame[];
  Panel: Panel;
}): React.JSX.Element {
  const { width, height } = useWindowSize();
  // Stable between renders, as Grafana keeps them: the panel rebuilds its model when they change.
  const options = useMemo(() => ({ ...scenario.options, language: languageOption }), [scenario]);
  const fieldConfig = useMemo(() => ({ defaults: fieldDefaults(scenario), overrides: [] }), [scenario]);
  const variables = useDashboardVariables();
  const pad = Math.round(Math.min(width, height) / 80) + 8;
  return (
    <ThemeContext.Provider value={theme}>
      <header
        style={{
          height: HEADER,
          display: 'flex',
          alignItems: 'center',
          gap: 24,
          padding: '0 16px',
          color: theme.colors.text.secondary,
        }}
      >
        <strong style={{ color: theme.colors.text.primary }}>{scenario.title}</strong>
        <span data-testid="variables">
          {Object.entries(variables)
            .map(([k, v]) => `${k} = ${v}`)
            .join(', ') || 'no variables set'}
        </span>
      </header>
      <main
        style={{
          margin: `0 ${pad}px ${pad}px`,
          padding: pad,
          background: theme.colors.background.primary,
          border: `1px solid ${theme.components.panel.borderColor}`,
          borderRadius: theme.shape.radius.default,
        }}
      >
        <Panel
          id={1}
          title={scenario.title}
          data={{ series: frames, state: LoadingState.Done, timeRange }}
          timeRange={timeRange}
          timeZone="browser"
          options={options}
          fieldConfig={fieldConfig}
          transparent={false}
          width={width - 4 * pad - 2}
          height={height - HEADER - 3 * pad - 2}
          renderCounter={0}
          eventBus={new EventBusSrv()}
          onOptionsChange={() => undefined}
          onFieldConfigChange={() => undefined}
          replaceVariables={(text, scoped) => interpolate(text, scoped, variables)}
          onChangeTimeRange={() => undefined}
        />
      </main>
    </ThemeContext.Provider>
  );
}

async function start(): Promise<void> {
  document.body.style.margin = '0';
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  document.body.style.fontFamily = theme.typography.fontFamily;
  document.body.style.fontSize = `${theme.typography.fontSize}px`;
  const scenario = SCENARIOS[scenarioId];
  if (!scenario) {
    throw new Error(`unknown scenario ${scenarioId}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  }
  const fromSource = params.get('source') === '1';
  const Panel: Panel = fromSource
    ? HeatmapPanel
    : ((await loadBuiltPlugin('plugin/module.js')).panel as Panel);
  const responses = await loadResponses(scenario);
  grafanaStartup();
  const t0 = performance.now();
  const frames = applyDefaults(
    responses.flatMap(([refId, response, format]) => toDataFrames(response, refId, format)),
    scenario,
  );
  const convertMs = performance.now() - t0;
  if (params.get('hold') === '1') {
    await new Promise<void>((go) => {
      window.harnessGo = go;
      window.harness = { ready: false, held: true };
    });
  }
  const t1 = performance.now();
  const root = createRoot(document.getElementById('root') as HTMLElement);
  flushSync(() => root.render(<App scenario={scenario} frames={frames} Panel={Panel} />));
  // Rendered and painted: the frame after the commit.
  requestAnimationFrame(() => {
    window.harness = {
      ready: true,
      panel: fromSource ? 'source' : 'dist',
      convertMs,
      renderMs: performance.now() - t1,
      cells: responses[0]?.[1].data.result.length,
    };
  });
}

start().catch((error: unknown) => {
  window.harness = { ready: true, error: String(error) };
  document.body.textContent = String(error);
});
