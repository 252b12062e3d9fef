// Three suites: the pure model and the React component (both under jsdom: @grafana/data needs `window`), and
// the built panel in real Chromium.

// ESM-only dependencies of @grafana/* that Jest (CommonJS) must transpile, as create-plugin's config does.
const esModules = [
  'marked',
  'd3',
  'd3-[a-z-]+',
  'internmap',
  'delaunator',
  'robust-predicates',
  'ol',
  'react-colorful',
  'uuid',
  'nanoid',
  'rxjs',
  'ol-mapbox-style',
  'color-(space|rgba|parse|name)',
  'monaco-promql',
  '@kusto',
  'react-calendar',
  'get-user-locale',
  'memoize',
  'mimic-function',
  '@wojtekmaj',
];
const tsconfig = '<rootDir>/tsconfig.test.json';
const shared = {
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig }],
    '^.+\\.m?js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'CommonJS', isolatedModules: true } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esModules.join('|')})/)`],
  // @grafana/ui's CommonJS build requires a few stylesheets; tests need none of them.
  moduleNameMapper: { '\\.(css|scss)$': '<rootDir>/tests/support/empty.cjs' },
};

module.exports = {
  projects: [
    // @grafana/data reads `window` at import time, so even the pure model runs under jsdom.
    {
      ...shared,
      displayName: 'unit',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests/unit'],
      setupFiles: ['<rootDir>/tests/support/jsdom-setup.ts'],
    },
    {
      ...shared,
      displayName: 'component',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests/component'],
      setupFiles: ['<rootDir>/tests/support/jsdom-setup.ts'],
    },
    {
      ...shared,
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/browser'],
    },
  ],
};
