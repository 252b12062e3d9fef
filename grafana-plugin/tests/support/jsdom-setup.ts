// jsdom lacks a few browser APIs that @grafana/ui touches at import time.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });
if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// jsdom has no canvas: getContext returns null (the panel then skips painting), without the
// "not implemented" error jsdom would print for every call.
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];

// i18next (inside @grafana/ui) advertises on console.info at start-up; keep test output readable.
const info = console.info.bind(console);
console.info = (...args: unknown[]): void => {
  if (!String(args[0]).includes('i18next')) {
    info(...args);
  }
};
