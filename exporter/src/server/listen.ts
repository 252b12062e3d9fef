import http, { type RequestListener, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ClientAuthType, TlsSettings } from './web-config';

export interface HttpListener {
  server: http.Server | https.Server;
  /** http(s)://host:port, with a host name a browser on this machine can open */
  url: string;
  /**
   * Graceful stop: refuses new connections at once, answers the requests in flight (their
   * connections close after the answer), closes idle keep-alive connections, and after
   * `graceMs` cuts whatever is still open.
   */
  close(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  tls?: TlsSettings;
  /** limits on the clients; default CLIENT_LIMITS */
  clients?: ClientLimits;
}

export interface ClientLimits {
  /** an answer not taken by the client within this is cut, its connection closed */
  responseMs: number;
  /** open connections per client address; more are closed at once */
  connectionsPerAddress: number;
}

/**
 * A scrape of the largest exposition takes well under a second on any network a scraper uses;
 * Prometheus gives up after its scrape_timeout (10 s by default). A client that does not read its
 * answer would otherwise hold the connection and the answer's memory for ever. A few scrapers, each
 * with a connection or two, and people on the landing page stay far below 64 connections.
 */
export const CLIENT_LIMITS: ClientLimits = { responseMs: 30_000, connectionsPerAddress: 64 };

/**
 * Limits of the server itself. Scrapes are small GETs: 8 KiB of headers is plenty (Node's default
 * is 16), headers must arrive within 10 s and the whole request within 30 s (slow-loris), and idle
 * keep-alive connections live 65 s so that scrapers reuse them across scrape intervals.
 */
const SERVER_LIMITS = {
  maxHeaderSize: 8 * 1024,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 65_000,
} satisfies http.ServerOptions;

/**
 * Go's client_auth_type in Node's terms. OpenSSL can refuse in the handshake only when a
 * certificate is both required and verified; the two half-way policies are checked right after it.
 */
function clientCertificatePolicy(clientAuth: ClientAuthType) {
  const mustPresent = clientAuth === 'RequireAnyClientCert' || clientAuth === 'RequireAndVerifyClientCert';
  const mustVerify = clientAuth === 'VerifyClientCertIfGiven' || clientAuth === 'RequireAndVerifyClientCert';
  return {
    requestCert: clientAuth !== 'NoClientCert',
    rejectUnauthorized: mustPresent && mustVerify,
    mustPresent,
    mustVerify,
  };
}

function createServer(tls: TlsSettings | undefined): http.Server | https.Server {
  if (!tls) return http.createServer(SERVER_LIMITS);
  const { requestCert, rejectUnauthorized, mustPresent, mustVerify } = clientCertificatePolicy(
    tls.clientAuth,
  );
  const server = https.createServer({
    ...SERVER_LIMITS,
    cert: tls.cert,
    key: tls.key,
    ca: tls.clientCa,
    minVersion: tls.minVersion,
    maxVersion: tls.maxVersion,
    requestCert,
    rejectUnauthorized,
  });
  if (!rejectUnauthorized && (mustPresent || mustVerify)) {
    server.on('secureConnection', (socket: TLSSocket) => {
      const presented = Object.keys(socket.getPeerCertificate()).length > 0;
      if ((mustPresent && !presented) || (mustVerify && presented && !socket.authorized)) socket.destroy();
    });
  }
  return server;
}

/** Closes connections beyond the limit per client address as soon as they are accepted. */
function limitConnectionsPerAddress(server: http.Server | https.Server, limit: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > limit) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}

export async function listen(handler: RequestListener, options: ListenOptions): Promise<HttpListener> {
  const server = createServer(options.tls);
  const limits = options.clients ?? CLIENT_LIMITS;
  limitConnectionsPerAddress(server, limits.connectionsPerAddress);
  const answering = new Set<ServerResponse>();
  let closing = false;
  server.on('request', (_req, res: ServerResponse) => {
    // once stopping, every answer closes its connection instead of keeping it alive
    if (closing) res.shouldKeepAlive = false;
    answering.add(res);
    // 'finish' comes once the whole answer is handed to the network: a client that stops reading never sees it
    const cut = setTimeout(() => res.destroy(), limits.responseMs);
    cut.unref();
    res.on('finish', () => clearTimeout(cut));
    res.on('close', () => {
      clearTimeout(cut);
      answering.delete(res);
    });
  });
  server.on('request', handler); // after the tracking above, so that it sees every answer before it starts

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  const bracketed = host.includes(':') ? `[${host}]` : host;

  return {
    server,
    url: `${options.tls ? 'https' : 'http'}://${bracketed}:${port}`,
    close(graceMs = 10_000) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of answering) {
        if (!res.headersSent) res.shouldKeepAlive = false;
        // an answer already streaming keeps its connection: close it once that answer is done
        else res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
      }
      server.closeIdleConnections();
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      deadline.unref();
      return closed.finally(() => clearTimeout(deadline));
    },
  };
}
