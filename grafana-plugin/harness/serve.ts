/**
 * Serves the harness over HTTP: the page, its bundle and fixtures, and /plugin/ = the plugin's dist/
 * (as Grafana serves public/plugins/<id>/). `npm run harness` builds everything and prints the URL.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

import { buildHarness } from './build';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};
// HARNESS_PLUGIN_DIST serves another build as /plugin/, e.g. an earlier version's for a bench comparison.
const DIST = process.env.HARNESS_PLUGIN_DIST ?? join(__dirname, '..', 'dist');

function resolveFile(urlPath: string): string | null {
  const path = normalize(decodeURIComponent(urlPath));
  const [root, rest] = path.startsWith('/plugin/')
    ? [DIST, path.slice('/plugin/'.length)]
    : [__dirname, path === '/' ? 'index.html' : path];
  const file = join(root, rest);
  return file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile() ? file : null;
}

export function serveHarness(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const file = resolveFile(new URL(req.url ?? '/', 'http://harness').pathname);
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

if (require.main === module) {
  void (async () => {
    await buildHarness();
    const { url } = await serveHarness(Number(process.env.PORT ?? 5173));
    console.log(`Heat-map harness: ${url}`);
    console.log(
      '  ?scenario=timeliness|customers|customers-range|xss  &theme=dark|light  &rows=200&cols=12  &source=1',
    );
  })();
}
