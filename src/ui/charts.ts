/** The time-series charts, drawn with uPlot (bundled into the page: no CDN). */
import uPlot from 'uplot';
import type { SeriesPoint } from '../stats/snapshot-types';

export interface ChartSpec {
  id: string;
  title: string;
  series: Array<{ label: string; color: string; value: (point: SeriesPoint) => number | null; bars?: boolean }>;
  /** The y axis' values as text. */
  axis?: (value: number) => string;
}

export const CHARTS: ChartSpec[] = [
  {
    id: 'chart-requests',
    title: 'Requests',
    series: [
      { label: 'requests', color: '#3b82f6', value: (p) => p.requests },
      { label: 'errors', color: '#ef4444', value: (p) => p.errors },
    ],
  },
  {
    id: 'chart-latency',
    title: 'Latency',
    series: [
      { label: 'p50', color: '#10b981', value: (p) => p.latencyP50Ms },
      { label: 'p95', color: '#f59e0b', value: (p) => p.latencyP95Ms },
      { label: 'first byte p50', color: '#8b5cf6', value: (p) => p.ttftP50Ms },
    ],
    axis: (value) => (value >= 1000 ? `${(value / 1000).toFixed(1)}s` : value >= 10 || value === 0 ? `${Math.round(value)}ms` : `${value.toFixed(1)}ms`),
  },
  {
    id: 'chart-tokens',
    title: 'Tokens',
    series: [
      { label: 'in', color: '#06b6d4', value: (p) => p.inputTokens },
      { label: 'out', color: '#ec4899', value: (p) => p.outputTokens },
    ],
    axis: (value) => (value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)}k` : String(value)),
  },
];

export class Charts {
  private readonly plots = new Map<string, uPlot>();
  private readonly observer: ResizeObserver;

  constructor(private readonly container: HTMLElement) {
    this.observer = new ResizeObserver(() => this.resize());
    this.observer.observe(container);
  }

  update(points: SeriesPoint[]): void {
    const xs = points.map((point) => point.t / 1000);
    for (const spec of CHARTS) {
      const data: uPlot.AlignedData = [xs, ...spec.series.map((series) => points.map(series.value))];
      const plot = this.plots.get(spec.id);
      if (plot) plot.setData(data);
      else this.plots.set(spec.id, this.create(spec, data));
    }
  }

  private create(spec: ChartSpec, data: uPlot.AlignedData): uPlot {
    const target = this.container.querySelector<HTMLElement>(`[data-chart="${spec.id}"]`)!;
    const axis = { stroke: '#888', grid: { stroke: 'rgba(128,128,128,0.15)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' } };
    return new uPlot(
      {
        width: Math.max(200, target.clientWidth),
        height: 170,
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        axes: [axis, { ...axis, size: 50, values: (_u, values) => values.map((value) => (spec.axis ? spec.axis(value) : String(value))) }],
        // Latency has gaps (buckets without a request): joined across them, with points where data is sparse.
        series: [{}, ...spec.series.map((series) => ({ label: series.label, stroke: series.color, width: 2, fill: `${series.color}22`, spanGaps: true }))],
      },
      data,
      target,
    );
  }

  private resize(): void {
    for (const [id, plot] of this.plots) {
      const target = this.container.querySelector<HTMLElement>(`[data-chart="${id}"]`);
      if (target) plot.setSize({ width: Math.max(200, target.clientWidth), height: 170 });
    }
  }
}
