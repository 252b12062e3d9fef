import Negotiator from 'negotiator';
import { Registry } from 'prom-client';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

export type ContentType = typeof Registry.PROMETHEUS_CONTENT_TYPE | typeof Registry.OPENMETRICS_CONTENT_TYPE;

export type Encoding = 'gzip' | 'identity';

/** A part of the exposition in both encodings; gzip members concatenated are one gzip stream. */
export interface Prepared {
  identity: Buffer;
  gzip: Buffer;
}

/** What a scrape is answered with: the bytes in order, and their encoding. */
export interface Body {
  encoding: Encoding;
  chunks: Buffer[];
}

export async function prepare(text: string): Promise<Prepared> {
  const identity = Buffer.from(text, 'utf8');
  return { identity, gzip: await gzip(identity) };
}

/**
 * A prepared part followed by a small live one, in one encoding: only the live part is compressed
 * per scrape, and the two gzip members make one valid gzip body.
 */
export async function withLive(prepared: Prepared, live: string, encoding: Encoding): Promise<Body> {
  const text = Buffer.from(live, 'utf8');
  const tail = encoding === 'gzip' ? await gzip(text) : text;
  return { encoding, chunks: [prepared[encoding], tail].filter((chunk) => chunk.length) };
}

/**
 * The format and encoding a scraper asked for: the most preferred of the media types it accepts
 * (q=0 refuses one) that is OpenMetrics or plain text, else the Prometheus text format; gzip when
 * it accepts gzip at least as much as identity.
 */
export function negotiate(headers: { accept?: string; 'accept-encoding'?: string }): {
  contentType: ContentType;
  encoding: Encoding;
} {
  const negotiator = new Negotiator({ headers });
  const preferred = negotiator
    .mediaTypes()
    .find((type) => type === 'application/openmetrics-text' || /^(text\/plain|text\/\*|\*\/\*)$/.test(type));
  const contentType =
    preferred === 'application/openmetrics-text'
      ? Registry.OPENMETRICS_CONTENT_TYPE
      : Registry.PROMETHEUS_CONTENT_TYPE;
  const encoding = negotiator.encodings(['gzip', 'identity'])[0] === 'gzip' ? 'gzip' : 'identity';
  return { contentType, encoding };
}
