/** Numbers, durations and times as the dashboard shows them. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const dash = '–';

export function count(value: number): string {
  return integer.format(value);
}

/** 1234 → 1.2k, 2_500_000 → 2.5M. */
export function tokens(value: number): string {
  if (value < 1000) return String(value);
  if (value < 1_000_000) return `${(value / 1000).toFixed(value < 10_000 ? 1 : 0)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return dash;
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  return `${(value / 60_000).toFixed(1)} min`;
}

export function percent(rate: number | null): string {
  return rate === null ? dash : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)} %`;
}

/** Costs are small: four decimals below a unit, two above. */
export function cost(value: number | null): string {
  if (value === null) return dash;
  return value >= 1 ? value.toFixed(2) : value.toFixed(4);
}

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A span of seconds in words: 42 s, 3 min 5 s, 2 h 10 min. */
export function span(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function shortId(id: string): string {
  return id.length > 20 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
