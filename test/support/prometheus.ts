import { parser as promqlParser } from '@prometheus-io/lezer-promql';

import { operatorHeaders } from './health.js';

/** One series of a scrape: its name, labels and value. */
export interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus' text format, as much as prom-client writes (no timestamps; label values with \\ \" \n escapes). */
export function parsePrometheus(text: string): Series[] {
  const out: Series[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

/** The metric families a scrape declares (`# TYPE name type`). */
export const metricTypes = (text: string): Map<string, string> =>
  new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));

/** GET /metrics of an app with the operator's token. */
export async function scrape(appUrl: string): Promise<{ text: string; series: Series[] }> {
  const res = await fetch(`${appUrl}/metrics`, { headers: operatorHeaders() });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  return { text, series: parsePrometheus(text) };
}

/** The series of `name` whose labels include `labels`. */
export const seriesOf = (series: Series[], name: string, labels: Record<string, string> = {}): Series[] =>
  series.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

/** The sum of the series of `name` with `labels` (0 when there are none). */
export const sumOf = (series: Series[], name: string, labels: Record<string, string> = {}): number =>
  seriesOf(series, name, labels).reduce((a, s) => a + s.value, 0);

/** Whether `expr` is PromQL, by the grammar the Prometheus UI parses with (@prometheus-io/lezer-promql): no error node. */
export function promqlParses(expr: string): boolean {
  let clean = true;
  promqlParser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) clean = false;
    },
  });
  return clean;
}
