// The explorer's chart: bars by unit or level, lines over periods. Only the pieces drawn are registered with ECharts
// (echarts/core), so the chunk stays small; it is a chunk of its own, fetched while the explorer asks for its figures.
// It draws once per set of figures: nothing before they are there, nothing again for the same ones.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

import { formatNumber, type Lang } from '../../shared/format';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export interface ChartSeries {
  name: string;
  values: number[];
}

export default function StatisticsChart(props: {
  kind: 'bar' | 'line';
  categories: string[];
  series: ChartSeries[];
  label: string;
  lang: Lang;
}) {
  const { kind, categories, series, label, lang } = props;
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // Set when figures are handed to ECharts: its next 'finished' is the chart drawn (bench/web.mjs reads the mark).
  const drawing = useRef(false);
  // The size ECharts last drew at: a real change of size redraws, the same size does not.
  const drawnSize = useRef('');
  // Many bars (30 districts, hundreds of communes) lie down: a unit's whole name reads on its own line, where standing
  // bars would leave only slanted fragments of names. The chart grows with the rows.
  const lying = kind === 'bar' && categories.length > 12;
  const height = lying ? Math.max(420, 72 + categories.length * Math.max(22, 8 * series.length + 10)) : 420;

  useEffect(() => {
    const el = host.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => {
      if (!drawing.current) return;
      drawing.current = false;
      performance.mark('statistics:chart-drawn');
    });
    drawnSize.current = sizeOf(el);
    const resize = new ResizeObserver(() => fitTo(instance, el, drawnSize));
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    if (!categories.length) {
      instance.clear();
      return;
    }
    // The host has its new height already (same render): size first, then one drawing.
    fitTo(instance, host.current!, drawnSize);
    drawing.current = true;
    const unitAxis = { type: 'category' as const, data: categories, axisLabel: { interval: 0, fontSize: 12 } };
    const valueAxis = { type: 'value' as const, axisLabel: { formatter: (v: number) => formatNumber(v, lang) } };
    instance.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
        legend: { top: 0 },
        grid: lying
          ? { left: 16, right: 24, top: 40, bottom: 24, containLabel: true }
          : { left: 56, right: 16, top: 40, bottom: 40, containLabel: false },
        // Lying bars read from the top, in the table's order.
        xAxis: lying ? valueAxis : unitAxis,
        yAxis: lying ? { ...unitAxis, inverse: true } : valueAxis,
        series: series.map((s) => ({ name: s.name, type: kind, data: s.values, smooth: false })),
      },
      { notMerge: true },
    );
  }, [kind, categories, series, lang, lying]);

  return <div ref={host} role="img" aria-label={label} data-testid="statistics-chart" style={{ width: '100%', height }} />;
}

const sizeOf = (el: HTMLElement) => `${el.clientWidth}x${el.clientHeight}`;

/** Resizes the chart only when its host's size really changed (the observer's first call is the size just drawn). */
function fitTo(instance: echarts.ECharts, el: HTMLElement, drawnSize: { current: string }) {
  const now = sizeOf(el);
  if (now === drawnSize.current) return;
  drawnSize.current = now;
  instance.resize();
}
