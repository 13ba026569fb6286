import { createServer } from 'node:http';

export interface Collector {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  /** Each export request's body, as it arrived. */
  exported: Buffer[];
  /** The app's environment for exporting here: OTLP/HTTP JSON, batches flushed every 100 ms. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A stand-in OTLP/HTTP collector on a free loopback port: it records what the app exports. */
export async function startCollector(): Promise<Collector> {
  const exported: Buffer[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => {
      exported.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    exported,
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
