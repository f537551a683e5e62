/**
 * Entry point: `node dist/server.js`. Reads PORT (default 3000) and HOST (default 127.0.0.1),
 * prints one line once listening, and exits 0 after a graceful close on SIGINT or SIGTERM —
 * pivot's profiler stops the monolith with SIGINT and waits for it to exit.
 */
import { buildApp } from './app.js';

/** How long in-flight requests get to finish before the process leaves anyway. */
const CLOSE_TIMEOUT_MS = 5000;

function readPort(raw: string | undefined): number {
  if (raw === undefined || raw === '') {
    return 3000;
  }
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function formatUrl(host: string, port: number): string {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost}:${port}`;
}

async function main(): Promise<void> {
  const port = readPort(process.env.PORT);
  const host = process.env.HOST !== undefined && process.env.HOST !== '' ? process.env.HOST : '127.0.0.1';
  const app = buildApp({ logger: process.env.SHOP_LOG === '1' });

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      return;
    }
    closing = true;
    setTimeout(() => {
      console.error(`shop-monolith: close timed out after ${CLOSE_TIMEOUT_MS} ms on ${signal}`);
      process.exit(1);
    }, CLOSE_TIMEOUT_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shop-monolith: error while closing', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  await app.listen({ port, host });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  console.log(`shop-monolith listening on ${formatUrl(host, boundPort)}`);
}

main().catch((error: unknown) => {
  console.error('shop-monolith: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
