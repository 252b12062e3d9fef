/**
 * The bench's scraper, in a process of its own as Prometheus is: `count` sequential GET /metrics in
 * one encoding; prints their latencies (ms, in order) as one JSON line and writes the last body to the
 * file given. Reading an 11 MiB body in the exporter's own process put the client's
 * garbage collection into the exporter's latencies.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';

function scrapeBytes(url: string, encoding: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const headers = { 'accept-encoding': encoding, accept: 'text/plain;version=0.0.4' };
    http
      .get(`${url}/metrics`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          response.statusCode === 200 && (response.headers['content-encoding'] ?? 'identity') === encoding
            ? resolve(Buffer.concat(chunks))
            : reject(
                new Error(`/metrics answered ${response.statusCode} ${response.headers['content-encoding']}`),
              ),
        );
      })
      .on('error', reject);
  });
}

async function main(): Promise<void> {
  const [url, countText, encoding, bodyFile] = process.argv.slice(2);
  if (!url || !countText || !encoding || !bodyFile)
    throw new Error('usage: scrape-client <url> <count> <gzip|identity> <body file>');
  const latencies: number[] = [];
  let body: Buffer = Buffer.alloc(0);
  for (let i = 0; i < Number(countText); i++) {
    const started = performance.now();
    body = await scrapeBytes(url, encoding);
    latencies.push(performance.now() - started);
  }
  writeFileSync(bodyFile, body);
  process.stdout.write(`${JSON.stringify({ latencies })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
