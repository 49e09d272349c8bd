/**
 * /metrics read back with a Prometheus text parser (parse-prometheus-text-format, which follows
 * the Python client's parser and throws on any line out of the grammar). It folds the series of a
 * labelled histogram into one and keeps `_sum` and `_count` only without labels, so a histogram is
 * read one label set at a time: its family's HELP and TYPE lines and the samples of that set, those
 * labels taken off, parsed on their own. `parseMetrics` parses the whole text first.
 */
import parsePrometheusTextFormat, { type ParsedFamily, type ParsedSample } from 'parse-prometheus-text-format';

export function parseMetrics(text: string): Map<string, ParsedFamily> {
  return new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
}

/** One series of a histogram: `{ buckets: { le: count }, count, sum }`. */
export function histogramSeries(text: string, name: string, labels: Record<string, string> = {}): ParsedSample {
  const wanted = Object.entries(labels).map(([label, value]) => `${label}="${value}"`);
  const lines = text
    .split('\n')
    .filter((line) => line === `# HELP ${name} ${line.slice(`# HELP ${name} `.length)}` || line === `# TYPE ${name} histogram` || (/^\w+/.exec(line)?.[0].startsWith(`${name}_`) && wanted.every((pair) => line.includes(pair))));
  const unlabelled = lines.map((line) => wanted.reduce((text, pair) => text.replace(`${pair},`, '').replace(`,${pair}`, '').replace(pair, ''), line).replace('{}', ''));
  const [family] = parsePrometheusTextFormat(`${unlabelled.join('\n')}\n`);
  if (!family || family.name !== name || family.type !== 'HISTOGRAM') throw new Error(`no histogram ${name} ${JSON.stringify(labels)}`);
  return family.metrics[0];
}

/** The q-quantile of a histogram series, interpolated inside its bucket as PromQL's histogram_quantile does. */
export function histogramQuantile(series: ParsedSample, q: number): number {
  const buckets = bucketsOf(series);
  const total = buckets.at(-1)?.[1] ?? 0;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, count] of buckets) {
    if (count >= rank) return le === Infinity ? lower : lower + ((le - lower) * (rank - below)) / Math.max(1, count - below);
    lower = le;
    below = count;
  }
  return NaN;
}

/** `[le, cumulative count]` by rising `le` (an object's integer-like keys come first whatever the text's order). */
export function bucketsOf(series: ParsedSample): Array<readonly [number, number]> {
  return Object.entries(series.buckets ?? {})
    .map(([le, count]) => [le === '+Inf' ? Infinity : Number(le), Number(count)] as const)
    .sort((a, b) => a[0] - b[0]);
}
