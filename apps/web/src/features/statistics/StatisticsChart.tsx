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

  useEffect(() => {
    const el = host.current!;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('finished', () => {
      if (!drawing.current) return;
      drawing.current = false;
      performance.mark('statistics:chart-drawn');
    });
    // Only a real change of size redraws: the observer's first call (the size just drawn at) is not one.
    let size = `${el.clientWidth}x${el.clientHeight}`;
    const resize = new ResizeObserver(() => {
      const now = `${el.clientWidth}x${el.clientHeight}`;
      if (now === size) return;
      size = now;
      instance.resize();
    });
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
    const many = categories.length > 12;
    drawing.current = true;
    instance.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatNumber(Number(v), lang) },
        legend: { top: 0 },
        grid: { left: 56, right: 16, top: 40, bottom: many ? 110 : 40, containLabel: false },
        xAxis: { type: 'category', data: categories, axisLabel: { rotate: many ? 45 : 0, interval: 0, fontSize: 12 } },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v, lang) } },
        series: series.map((s) => ({ name: s.name, type: kind, data: s.values, smooth: false })),
      },
      { notMerge: true },
    );
  }, [kind, categories, series, lang]);

  return <div ref={host} role="img" aria-label={label} data-testid="statistics-chart" style={{ width: '100%', height: 420 }} />;
}
