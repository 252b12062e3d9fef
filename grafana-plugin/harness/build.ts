/** Bundles the harness page (React and @grafana/* included, unlike the plugin build) with esbuild. */
import { build } from 'esbuild';
import { join } from 'node:path';

/** `minify: false` keeps function names, for CPU profiles (bench/profile.ts). */
export async function buildHarness({ minify = true }: { minify?: boolean } = {}): Promise<void> {
  await build({
    entryPoints: [join(__dirname, 'main.tsx')],
    outfile: join(__dirname, 'dist', 'harness.js'),
    bundle: true,
    minify,
    keepNames: !minify,
    sourcemap: true,
    format: 'iife',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    // @grafana/ui pulls in stylesheets with fonts and icons the harness does not need.
    loader: {
      '.svg': 'text',
      '.woff': 'empty',
      '.woff2': 'empty',
      '.ttf': 'empty',
      '.eot': 'empty',
      '.png': 'empty',
      '.gif': 'empty',
    },
    logLevel: 'warning',
  });
}

if (require.main === module) {
  const started = Date.now();
  buildHarness().then(
    () => console.log(`harness built in ${Date.now() - started} ms → harness/dist/harness.js`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
