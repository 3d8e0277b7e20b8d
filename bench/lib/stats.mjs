// Latency statistics and a compact text table for the benchmarks.

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/**
 * One phase's figures: requests/s over its wall time, latency percentiles in
 * ms (successful and failed requests alike: a fast error is still an answer),
 * and errors by code.
 */
export function summarize(name, samples, wallMs, extra = {}) {
  const latencies = samples.map((s) => s.ms).sort((a, b) => a - b);
  const errors = samples.filter((s) => s.error);
  const byCode = {};
  for (const e of errors) byCode[e.error] = (byCode[e.error] ?? 0) + 1;
  const round = (n) => (Number.isFinite(n) ? Math.round(n * 100) / 100 : null);
  return {
    phase: name,
    requests: samples.length,
    ok: samples.length - errors.length,
    errors: errors.length,
    errorsByCode: byCode,
    firstErrors: errors.slice(0, 3).map((e) => e.detail),
    seconds: round(wallMs / 1000),
    requestsPerSecond: round(samples.length / (wallMs / 1000)),
    okPerSecond: round((samples.length - errors.length) / (wallMs / 1000)),
    latencyMs: {
      mean: round(latencies.reduce((a, b) => a + b, 0) / (latencies.length || 1)),
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1]),
    },
    ...extra,
  };
}

/** A fixed-width table for the terminal: the first column left-aligned, the figures right-aligned. */
export function textTable(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c ?? '-')));
  const width = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [line(all[0]), width.map((w) => '─'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

const percent = (x) => (x == null ? '-' : `${x}%`);

/** Fixed-width table of phase summaries. */
export function table(rows) {
  const cols = [
    ['phase', (r) => r.phase],
    ['requests', (r) => r.requests],
    ['errors', (r) => r.errors],
    ['req/s', (r) => r.requestsPerSecond],
    ['p50 ms', (r) => r.latencyMs.p50],
    ['p95 ms', (r) => r.latencyMs.p95],
    ['p99 ms', (r) => r.latencyMs.p99],
    ['max ms', (r) => r.latencyMs.max],
    ['app CPU', (r) => percent(r.serverCpuPercent)],
    ['pg CPU', (r) => percent(r.postgresCpuPercent)],
    ['client CPU', (r) => percent(r.clientCpuPercent)],
    ['machine busy', (r) => percent(r.machineBusyPercent)],
  ];
  return textTable(
    cols.map(([h]) => h),
    rows.map((r) => cols.map(([, f]) => f(r))),
  );
}
