// The compose demo's notification receiver: logs each webhook Alertmanager sends, one JSON line per
// alert, instead of failing on placeholder hosts. GET /received lists the last notifications (for tests).
// Plain Node, no dependencies: `node alert-log.mjs` (PORT, default 9099).
import { createServer } from 'node:http';

const KEEP = 1000;
const received = [];

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/received') {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(received));
    return;
  }
  if (request.method !== 'POST') {
    response.statusCode = 405;
    response.end();
    return;
  }
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => {
    body += chunk;
    if (body.length > 1_000_000) request.destroy();
  });
  request.on('end', () => {
    try {
      const message = JSON.parse(body);
      const receiver = request.url.replace(/^\//, '');
      const entry = {
        receiver,
        status: message.status,
        groupLabels: message.groupLabels,
        alerts: message.alerts,
      };
      received.push(entry);
      if (received.length > KEEP) received.shift();
      for (const alert of message.alerts ?? []) {
        const { alertname, severity, region } = alert.labels ?? {};
        const summary = alert.annotations?.summary;
        console.log(JSON.stringify({ receiver, status: alert.status, alertname, severity, region, summary }));
      }
      response.end('ok');
    } catch (error) {
      response.statusCode = 400;
      response.end(String(error));
    }
  });
});

server.listen(Number(process.env.PORT ?? 9099), process.env.LISTEN_ADDRESS ?? '0.0.0.0');
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
