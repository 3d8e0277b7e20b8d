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
    ['app CPU', (r) => (r.serverCpuPercent == null ? '-' : `${r.serverCpuPercent}%`)],
    ['pg CPU', (r) => (r.postgresCpuPercent == null ? '-' : `${r.postgresCpuPercent}%`)],
    ['client CPU', (r) => (r.clientCpuPercent == null ? '-' : `${r.clientCpuPercent}%`)],
    ['machine busy', (r) => (r.machineBusyPercent == null ? '-' : `${r.machineBusyPercent}%`)],
  ];
  const cells = rows.map((r) => cols.map(([, f]) => String(f(r) ?? '-')));
  const widths = cols.map(([h], i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (vals) => vals.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(cols.map(([h]) => h)), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
