/**
 * The closed-loop run that finds a system's maximum throughput: autocannon with N connections,
 * no pipelining, each connection sending its next request as soon as the last one is answered.
 * Every response's latency goes into a LatencyHistogram (µs resolution, all statuses) rather
 * than autocannon's own histogram (whole milliseconds, 2xx only). Latency here is measured
 * from the actual send, so it is not corrected for coordinated omission: at saturation that is
 * not the point — throughput is.
 */
import autocannon from 'autocannon';
import type { Workload } from '../../analyze/types.js';
import { autocannonRequests, seededFiller } from '../../workload/load.js';
import { LatencyHistogram } from './stats.js';

export interface ClosedLoopOptions {
  durationSeconds: number;
  connections: number;
  timeoutSeconds: number;
  seed?: number;
  signal?: AbortSignal;
}

export interface ClosedLoopResult {
  durationSeconds: number;
  completed: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  status5xx: number;
  latency: LatencyHistogram;
  firstError?: string;
}

export async function runClosedLoop(baseUrl: string, workload: Workload, options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const requests = autocannonRequests(workload, seededFiller(options.seed ?? 1));
  if (requests.length === 0) throw new Error('the workload has no request with a positive weight');
  const latency = new LatencyHistogram();
  let firstError: string | undefined;
  let stop = () => {};
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationSeconds,
        // autocannon notices the end of a run only at a sample tick (1 s by default): this keeps it to ~100 ms.
        sampleInt: 100,
        timeout: options.timeoutSeconds,
        requests,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latency.record(responseTime));
    instance.on('reqError', (error: unknown) => {
      firstError ??= error instanceof Error ? error.message : String(error);
    });
    stop = () => instance.stop();
  });
  const abort = () => stop();
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const result = await finished;
    const status5xx = result['5xx'];
    return {
      durationSeconds: result.duration > 0 ? result.duration : options.durationSeconds,
      completed: result.requests.total,
      errors: result.errors + status5xx,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      status5xx,
      latency,
      ...(firstError === undefined ? {} : { firstError }),
    };
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
