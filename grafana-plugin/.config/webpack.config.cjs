// Production build of the panel, following @grafana/create-plugin's conventions by hand:
// AMD module at dist/module.js, with React, @grafana/* and the libraries Grafana shares left external.
const path = require('node:path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { EsbuildPlugin } = require('esbuild-loader');
const pkg = require('../package.json');

const root = path.resolve(__dirname, '..');

// What Grafana provides to plugins at runtime (see create-plugin's .config/bundler/externals).
const externals = [
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'react-router',
  'react-router-dom',
  'd3',
  'angular',
  /^@grafana\/ui/i,
  /^@grafana\/runtime/i,
  /^@grafana\/data/i,
  /^@grafana\/schema/i,
];
// react/jsx-runtime is deliberately bundled: it is tiny, requires the external `react`, and not every
// supported Grafana version shares it with plugins.

module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    context: root,
    mode: production ? 'production' : 'development',
    devtool: production ? 'source-map' : 'eval-source-map',
    entry: { module: './src/module.ts' },
    externals,
    output: {
      path: path.join(root, 'dist'),
      filename: '[name].js',
      library: { type: 'amd' },
      publicPath: `public/plugins/servicekpi-heatmap-panel/`,
      clean: true,
      uniqueName: 'servicekpi-heatmap-panel',
    },
    resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx'] },
    module: {
      rules: [
        {
          test: /\.[tj]sx?$/,
          exclude: /node_modules/,
          loader: 'esbuild-loader',
          options: { target: 'es2020', jsx: 'automatic' },
        },
      ],
    },
    optimization: { minimizer: [new EsbuildPlugin({ target: 'es2020' })] },
    performance: { hints: false },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          {
            from: 'src/plugin.json',
            to: '.',
            transform: (content) =>
              content
                .toString()
                .replace('%VERSION%', pkg.version)
                .replace('%TODAY%', new Date().toISOString().slice(0, 10)),
          },
          { from: 'src/img', to: 'img' },
          { from: 'README.md', to: '.', noErrorOnMissing: true },
          { from: '../LICENSE', to: '.', noErrorOnMissing: true },
        ],
      }),
    ],
  };
};
