'use strict';
/**
 * pivot's cpu-prof collector, preloaded into every node process and thread of a profiled server
 * through NODE_OPTIONS=--require (Node 20 refuses --cpu-prof in NODE_OPTIONS; this starts the
 * same V8 CPU profiler through node:inspector and writes the same .cpuprofile).
 *
 * In PIVOT_CPU_PROFILE_DIR, per process and thread:
 * - `<pid>-<thread>.process.json` at start: who it is (so one that never writes a profile is known);
 * - `<pid>-<thread>.cpuprofile` at exit: V8's CPU profile;
 * - `<pid>-<thread>.maps.json` at exit: the source maps node holds for the project's scripts
 *   (in-memory transpilers such as tsx keep theirs nowhere else).
 *
 * A profile is written only on a clean exit (process.exit or an empty event loop): a SIGINT or
 * SIGTERM the program does not handle itself is turned into process.exit here. Worker threads
 * are torn down without an exit event when their process ends, so they get node's own
 * --cpu-prof through their execArgv instead, which writes `CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`
 * even then.
 */
const dir = process.env.PIVOT_CPU_PROFILE_DIR;
if (dir) start(dir);

function start(dir) {
  const fs = require('node:fs');
  const path = require('node:path');
  const threads = require('node:worker_threads');
  const { threadId, isMainThread } = threads;
  if (threads.isInternalThread) return;
  const base = path.join(dir, `${process.pid}-${threadId}`);
  const root = process.env.PIVOT_PROJECT_ROOT || '';
  // node has set up a cluster worker (and removed NODE_UNIQUE_ID) before preloads run.
  const role = !isMainThread ? 'worker-thread' : require('node:cluster').isWorker ? 'cluster-worker' : 'process';
  const writeJson = (file, value) => {
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
    fs.renameSync(`${file}.tmp`, file);
  };
  const native = process.execArgv.includes('--cpu-prof');
  const record = (extra) => writeJson(`${base}.process.json`, {
    pid: process.pid, ppid: process.ppid, threadId, role, argv: process.argv, execArgv: process.execArgv, native, ...extra,
  });
  followWorkerThreads(threads, dir);
  if (native) {
    // A worker thread started with node's own profiler by followWorkerThreads: it writes the profile.
    process.nextTick(() => record({}));
    return;
  }

  let session;
  try {
    const inspector = require('node:inspector');
    session = new inspector.Session();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: Number(process.env.PIVOT_CPU_PROFILE_INTERVAL) || 1000 });
    session.post('Profiler.start');
  } catch (error) {
    record({ error: String(error) });
    return;
  }
  let internal = false;
  if (isMainThread) record({});
  else {
    // A worker's argv names its script only once it runs; node's own loader-hooks thread never
    // gets one, runs none of the program and ends without an exit: leave it out.
    process.nextTick(() => {
      internal = process.argv.length < 2;
      if (internal) session.post('Profiler.stop', () => session.disconnect());
      else record({});
    });
  }
  // Keep the maps in-memory compilers (ts-node, babel, swc) attach, so frames can be mapped back;
  // only for them, since node's own stack-trace mapping costs CPU whenever an Error's stack is read.
  const transpiler = /(?:^|[\s=/@\\])(?:ts-node|@swc-node|swc-node|@babel[/\\]register|babel-register|esbuild-register|sucrase)(?:[/\\]|$)/;
  const launch = [...process.execArgv, process.argv[1] || '', process.env.NODE_OPTIONS || ''];
  if (typeof process.setSourceMapsEnabled === 'function' && !process.sourceMapsEnabled && launch.some((word) => transpiler.test(word))) {
    process.setSourceMapsEnabled(true);
  }

  process.on('exit', () => {
    if (internal) return;
    session.post('Profiler.stop', (error, result) => {
      if (error || !result) return;
      writeJson(`${base}.cpuprofile`, result.profile);
      writeJson(`${base}.maps.json`, projectMaps(result.profile));
    });
  });
  if (isMainThread) {
    for (const signal of ['SIGINT', 'SIGTERM']) {
      process.on(signal, () => {
        // Only pivot listens: do what the default action would, but through exit so the profile is written.
        if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    }
  }

  function projectMaps(profile) {
    const { findSourceMap } = require('node:module');
    const maps = {};
    const urls = new Set(profile.nodes.map((node) => node.callFrame.url));
    for (const url of urls) {
      if (!url || url.includes('/node_modules/') || !inProject(url)) continue;
      let map;
      try {
        map = findSourceMap(url);
      } catch {
        continue;
      }
      if (!map || !map.payload) continue;
      const { sourcesContent: _dropped, ...payload } = map.payload;
      maps[url] = payload;
    }
    return maps;
  }

  function inProject(url) {
    if (!root) return true;
    const file = url.startsWith('file://') ? require('node:url').fileURLToPath(url) : url;
    return file.startsWith(root + path.sep);
  }
}

/**
 * New worker threads run with node's own --cpu-prof (added to the execArgv they would have had).
 * Where node refuses that execArgv (flags a worker may not take), the worker starts unchanged and
 * this preload profiles it as it does processes, which a torn-down worker may not survive.
 */
function followWorkerThreads(threads, dir) {
  const Original = threads.Worker;
  if (Original.pivotProfiled) return;
  // A constructor function rather than a subclass: the retry needs a second construction.
  function Worker(file, options) {
    const given = options || {};
    const execArgv = [...(given.execArgv || process.execArgv), '--cpu-prof', `--cpu-prof-dir=${dir}`];
    try {
      return Reflect.construct(Original, [file, { ...given, execArgv }], new.target || Worker);
    } catch (error) {
      if (!error || error.code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
      return Reflect.construct(Original, [file, options], new.target || Worker);
    }
  }
  Worker.prototype = Original.prototype;
  Object.setPrototypeOf(Worker, Original);
  Worker.pivotProfiled = true;
  threads.Worker = Worker;
  require('node:module').syncBuiltinESMExports();
}
