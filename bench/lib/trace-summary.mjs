// Where a page's main thread spent its time, from a Chromium performance trace (Playwright's browser.startTracing with
// TRACE_CATEGORIES): between the page's navigation and a user-timing mark, the renderer's main thread busy or idle,
// its time by trace event (self time: script, style, layout, paint, GC…) and its JavaScript by bundle file and by
// function (V8's sampling profiler). With the bundle's source maps (`WEB_SOURCEMAP=1` builds them, hidden), each
// function is named by its source file, so a library's share shows (antd's CSS-in-JS, React, ECharts).
import fs from 'node:fs';
import path from 'node:path';

import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
  'loading',
  'disabled-by-default-v8.cpu_profiler',
];

/** The trace's renderer main thread holding `mark`, and the window from its last navigationStart before it. */
function mainThread(events, mark) {
  const markEvent = events.find((e) => e.name === mark && e.cat?.includes('blink.user_timing'));
  if (!markEvent) throw new Error(`no ${mark} in the trace`);
  const pid = markEvent.pid;
  const main = events.find((e) => e.pid === pid && e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tid = main?.tid ?? markEvent.tid;
  const nav = events.filter((e) => e.pid === pid && e.name === 'navigationStart' && e.ts <= markEvent.ts).sort((a, b) => b.ts - a.ts)[0];
  return { pid, tid, start: nav?.ts ?? Math.min(...events.filter((e) => e.pid === pid).map((e) => e.ts)), end: markEvent.ts };
}

/** Self time (µs) of each complete event on the thread within [start, end], by name (and URL for script). */
function selfTimes(events, { pid, tid, start, end }) {
  const spans = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined && e.ts < end && e.ts + e.dur > start)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  let busy = 0;
  const stack = [];
  const add = (key, us) => self.set(key, (self.get(key) ?? 0) + us);
  const close = (until) => {
    while (stack.length && stack.at(-1).end <= until) {
      const s = stack.pop();
      add(s.key, Math.max(0, s.end - s.start - s.children));
    }
  };
  for (const e of spans) {
    const s = Math.max(e.ts, start);
    const t = Math.min(e.ts + e.dur, end);
    close(s);
    if (stack.length === 0 && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')) busy += t - s;
    const url = e.args?.data?.url;
    const key = e.name === 'EvaluateScript' || e.name === 'v8.compile' ? `${e.name} ${url ? path.basename(url) : ''}`.trim() : e.name;
    if (stack.length) stack.at(-1).children += t - s;
    stack.push({ key, start: s, end: t, children: 0 });
  }
  close(Infinity);
  return { busy, self };
}

/** V8's samples on the thread within the window: self time by bundle file and by function. */
function jsSamples(events, { pid, tid, start, end }, maps) {
  const nodes = new Map();
  const byFile = new Map();
  const byFunction = new Map();
  const bySource = new Map();
  const add = (m, k, us) => m.set(k, (m.get(k) ?? 0) + us);
  const profiles = events.filter((e) => e.pid === pid && e.name === 'Profile');
  for (const profile of profiles) {
    let ts = profile.args.data.startTime;
    const chunks = events.filter((e) => e.pid === pid && e.name === 'ProfileChunk' && e.id === profile.id);
    if (profile.tid !== tid && chunks.every((c) => c.tid !== tid)) continue;
    for (const chunk of chunks) {
      const cpu = chunk.args.data.cpuProfile ?? {};
      for (const n of cpu.nodes ?? []) nodes.set(`${profile.id}:${n.id}`, n.callFrame);
      const deltas = chunk.args.data.timeDeltas ?? [];
      (cpu.samples ?? []).forEach((id, i) => {
        ts += deltas[i] ?? 0;
        if (ts < start || ts > end) return;
        const next = deltas[i + 1] ?? 0;
        const us = next > 0 ? next : 0;
        const frame = nodes.get(`${profile.id}:${id}`);
        if (!frame) return;
        const file = frame.url ? path.basename(frame.url) : `(${frame.functionName || 'program'})`;
        add(byFile, file, us);
        add(byFunction, `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`, us);
        const source = maps ? originalSource(maps, frame) : null;
        add(bySource, source ?? file, us);
      });
    }
  }
  return { byFile, byFunction, bySource };
}

/** A sample's source file (node_modules package or src path), from the bundle's hidden source map. */
function originalSource(maps, frame) {
  if (!frame.url) return null;
  const name = path.basename(new URL(frame.url, 'http://x').pathname);
  const map = maps.get(name);
  if (!map) return null;
  const pos = originalPositionFor(map, { line: frame.lineNumber + 1, column: Math.max(0, frame.columnNumber) });
  if (!pos.source) return null;
  const s = pos.source.replace(/^(\.\.\/)+/, '');
  const pkg = s.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  if (!pkg) return s;
  // antd's CSS-in-JS and the component style generators are told apart from the components themselves.
  if (pkg[1] === 'antd' && /\/style\//.test(pkg[2])) return 'antd (component styles)';
  return pkg[1];
}

/** Source maps of the built pages (dist/web/assets/*.js.map), when the build made them. */
export function loadSourceMaps(distWeb) {
  const dir = path.join(distWeb, 'assets');
  const maps = new Map();
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : [])
    if (f.endsWith('.js.map')) maps.set(f.slice(0, -4), new TraceMap(fs.readFileSync(path.join(dir, f), 'utf8')));
  return maps.size ? maps : null;
}

const top = (m, n) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => ({ what: k, ms: Math.round(us / 100) / 10 }));

/** The summary of one trace: navigation → mark, busy and idle, top self times, top JavaScript. */
export function summarizeTrace(trace, mark, maps = null) {
  const events = trace.traceEvents ?? trace;
  const win = mainThread(events, mark);
  const { busy, self } = selfTimes(events, win);
  const js = jsSamples(events, win, maps);
  return {
    totalMs: Math.round((win.end - win.start) / 1000),
    busyMs: Math.round(busy / 1000),
    events: top(self, 15),
    files: top(js.byFile, 10),
    sources: maps ? top(js.bySource, 20) : [],
    functions: top(js.byFunction, 20),
  };
}
