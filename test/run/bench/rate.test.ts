import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../src/run/ports.js';
import { dueBy, httpSender, requestMaker, runOpenLoop, type Clock, type Sender } from '../../../src/run/bench/rate.js';

/** Virtual time: sleeps resolve in time order, instantly, so a 3-second schedule runs in milliseconds. */
function virtualClock() {
  let now = 0;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  let seq = 0;
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + Math.max(0, ms), seq: seq++, resolve })),
  };
  const sleepUntil = (at: number) => clock.sleep(at - now);
  async function drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const result = work.finally(() => (done = true));
    for (let steps = 0; !done; steps++) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done) break;
      if (steps > 1e6 || timers.length === 0) throw new Error('virtual clock: nothing left to wake');
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const timer = timers.shift()!;
      now = Math.max(now, timer.at);
      timer.resolve();
    }
    return result;
  }
  return { clock, drive, sleepUntil };
}

/**
 * One server thread that takes 1 ms per request, first come first served, and freezes for
 * `stallMs` at `stallAt` (a GC pause, a blocked event loop).
 */
function stallingServer(v: ReturnType<typeof virtualClock>, stallAt: number, stallMs: number): Sender {
  let freeAt = 0;
  return async () => {
    let start = Math.max(v.clock.now(), freeAt);
    if (start >= stallAt && start < stallAt + stallMs) start = stallAt + stallMs;
    const end = start + 1;
    const crossesStall = start < stallAt && end > stallAt;
    freeAt = crossesStall ? end + stallMs : end;
    await v.sleepUntil(freeAt);
    return { status: 200 };
  };
}

describe('dueBy', () => {
  it('request i is due at i / rate', () => {
    expect(dueBy(-1, 100, 300)).toBe(0);
    expect(dueBy(0, 100, 300)).toBe(1);
    expect(dueBy(9.99, 100, 300)).toBe(1);
    expect(dueBy(10, 100, 300)).toBe(2);
    expect(dueBy(1e9, 100, 300)).toBe(300);
  });
});

describe('runOpenLoop: coordinated-omission correction', () => {
  it('a 500 ms stall at 100 req/s: uncorrected p99 stays near the service time, corrected p99 shows the stall', async () => {
    const v = virtualClock();
    // One request in flight at a time: the case where an uncorrected tool hides the stall best.
    const result = await v.drive(runOpenLoop(stallingServer(v, 1000, 500), { ratePerSecond: 100, durationSeconds: 3, maxOutstanding: 1, clock: v.clock }));
    expect(result.completed).toBe(300);
    expect(result.errors).toBe(0);
    expect(result.unsent).toBe(0);
    const corrected = result.corrected.summary();
    const uncorrected = result.uncorrected.summary();
    // As sent: 299 requests took 1 ms, one waited out the stall.
    expect(uncorrected.p50).toBeCloseTo(1, 1);
    expect(uncorrected.p99).toBeLessThan(2);
    expect(uncorrected.max).toBeGreaterThan(490);
    // From the schedule: the ~50 requests due during the stall waited 500, 490, … 10 ms.
    expect(corrected.p50).toBeLessThan(2);
    expect(corrected.p90).toBeGreaterThan(50);
    expect(corrected.p95).toBeGreaterThan(250);
    expect(corrected.p99).toBeGreaterThan(450);
    expect(corrected.max).toBeGreaterThan(490);
    expect(result.sendLag.percentile(99)).toBeGreaterThan(400);
  });

  it('without a stall the two agree', async () => {
    const v = virtualClock();
    const result = await v.drive(runOpenLoop(stallingServer(v, 1e9, 0), { ratePerSecond: 200, durationSeconds: 1, maxOutstanding: 4, clock: v.clock }));
    expect(result.completed).toBe(200);
    expect(result.corrected.summary().p99).toBeCloseTo(result.uncorrected.summary().p99, 1);
  });

  it('a server that never answers: requests past the in-flight bound go unsent, the rest time out after the drain', async () => {
    const v = virtualClock();
    const never: Sender = () => new Promise(() => undefined);
    const result = await v.drive(runOpenLoop(never, { ratePerSecond: 100, durationSeconds: 1, maxOutstanding: 8, drainMs: 200, clock: v.clock }));
    expect(result.sent).toBe(8);
    expect(result.unsent).toBe(92);
    expect(result.timeouts).toBe(8);
    expect(result.completed).toBe(0);
    expect(result.durationSeconds).toBeCloseTo(1, 1);
  });
});

describe('requestMaker', () => {
  it('follows the weights and fills placeholders the same way every time', () => {
    const workload = {
      source: 'file' as const,
      requests: [
        { method: 'GET' as const, path: '/api/product/{id:1-10}', weight: 2 },
        { method: 'POST' as const, path: '/api/order', body: { product_id: '{product_id:5-5}', quantity: 1 }, weight: 1 },
      ],
    };
    const a = requestMaker(workload, 7);
    const b = requestMaker(workload, 7);
    const first = Array.from({ length: 6 }, (_, i) => a(i));
    expect(first).toEqual(Array.from({ length: 6 }, (_, i) => b(i)));
    expect(first.filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(first.find((r) => r.method === 'POST')?.body).toBe('{"product_id":5,"quantity":1}');
    for (const r of first.filter((x) => x.method === 'GET')) expect(r.path).toMatch(/^\/api\/product\/([1-9]|10)$/);
  });
});

describe('httpSender against a real server', () => {
  let child: ChildProcess;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    // Every 10th request answers 500; /stall blocks the event loop for 300 ms once.
    const code = `let n=0,stalled=false;require('http').createServer((q,s)=>{n++;
      if(q.url==='/stall'&&!stalled&&n>40){stalled=true;const t=Date.now();while(Date.now()-t<300);}
      s.statusCode=n%10===0?500:200;s.end('{}');}).listen(${port},'127.0.0.1',()=>console.log('up'))`;
    child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(child.stdout!, 'data');
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  it('counts statuses, and a blocked server shows in the corrected latency, not the uncorrected', async () => {
    const sender = httpSender(`http://127.0.0.1:${port}`, { source: 'file', requests: [{ method: 'GET', path: '/stall', weight: 1 }] }, { connections: 2, timeoutSeconds: 5 });
    try {
      const result = await runOpenLoop(sender.send, { ratePerSecond: 100, durationSeconds: 1.2, maxOutstanding: 2 });
      expect(result.completed).toBe(120);
      expect(result.status5xx).toBe(12);
      expect(result.errors).toBe(12);
      expect(result.non2xx).toBe(12);
      expect(result.corrected.percentile(99)).toBeGreaterThan(150);
      expect(result.corrected.percentile(95)).toBeGreaterThan(result.uncorrected.percentile(95) * 3);
    } finally {
      await sender.close();
    }
  });
});
