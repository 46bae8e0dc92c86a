// Prometheus text exposition format 0.0.4: a small registry of counters, gauges and histograms with labels.
// Each metric caps its number of label sets; past the cap new label sets collapse into one "overflow" set
// (every label value `overflowValue`), so a spray of odd values cannot grow memory or the scrape without bound.

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
export const DEFAULT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Labels = Record<string, string>;
type Kind = "counter" | "gauge" | "histogram";

interface MetricOptions {
  maxLabelSets: number;
  overflowValue: string;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function renderLabels(names: string[], values: string[], extra = ""): string {
  const parts = names.map((n, i) => `${n}="${escapeLabel(values[i])}"`);
  if (extra) parts.push(extra);
  return parts.length ? `{${parts.join(",")}}` : "";
}

abstract class Metric<T> {
  protected readonly series = new Map<string, { values: string[]; data: T }>();
  /** Called before each render, e.g. to set gauges computed from the database. */
  collect?: () => void;

  constructor(
    readonly kind: Kind,
    readonly name: string,
    readonly help: string,
    readonly labelNames: string[],
    private readonly options: MetricOptions,
  ) {
    if (!NAME.test(name)) throw new Error(`Invalid metric name: ${name}`);
    for (const l of labelNames) if (!LABEL.test(l) || l === "le") throw new Error(`Invalid label name: ${l}`);
  }

  protected abstract initial(): T;

  protected entry(labels: Labels = {}): T {
    // A metric without labels has one series: no key to build per observation.
    if (this.labelNames.length === 0 && this.unlabelled) return this.unlabelled;
    let values = this.labelNames.map((n) => String(labels[n] ?? ""));
    let key = values.join("\u0000");
    let e = this.series.get(key);
    if (!e) {
      if (this.series.size >= this.options.maxLabelSets) {
        values = this.labelNames.map(() => this.options.overflowValue);
        key = values.join("\u0000");
        e = this.series.get(key);
      }
      if (!e) this.series.set(key, (e = { values, data: this.initial() }));
      if (this.labelNames.length === 0) this.unlabelled = e.data;
    }
    return e.data;
  }
  private unlabelled?: T;

  reset(): void {
    this.series.clear();
    this.unlabelled = undefined;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.kind}`];
    for (const { values, data } of this.series.values()) this.renderSeries(lines, values, data);
    return lines.join("\n");
  }

  protected abstract renderSeries(lines: string[], values: string[], data: T): void;
}

/** One label set's count, handed out by labelled(): the same object for every caller of those labels. */
export class CounterSeries {
  v = 0;
  inc(): void {
    this.v++;
  }
}

export class Counter extends Metric<CounterSeries> {
  protected initial() {
    return new CounterSeries();
  }
  inc(labels?: Labels, by = 1): void {
    if (by < 0) throw new Error("A counter only goes up");
    this.entry(labels).v += by;
  }
  /**
   * One label set's series, to count without finding it again each time (for a caller that counts the same
   * labels again and again). Valid until reset(); past the label-set cap it is the overflow series.
   */
  labelled(labels?: Labels): CounterSeries {
    // The series itself, not a closure over it: a caller keeping one per phone (50,000) then keeps nothing new.
    return this.entry(labels);
  }
  /** For totals counted elsewhere and read at scrape time (e.g. the process's CPU time). */
  setTotal(value: number, labels?: Labels): void {
    this.entry(labels).v = value;
  }
  get(labels?: Labels): number {
    return this.entry(labels).v;
  }
  protected renderSeries(lines: string[], values: string[], d: { v: number }): void {
    lines.push(`${this.name}${renderLabels(this.labelNames, values)} ${formatValue(d.v)}`);
  }
}

export class Gauge extends Metric<{ v: number }> {
  protected initial() {
    return { v: 0 };
  }
  set(value: number, labels?: Labels): void {
    this.entry(labels).v = value;
  }
  get(labels?: Labels): number {
    return this.entry(labels).v;
  }
  protected renderSeries(lines: string[], values: string[], d: { v: number }): void {
    lines.push(`${this.name}${renderLabels(this.labelNames, values)} ${formatValue(d.v)}`);
  }
}

interface HistogramData {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric<HistogramData> {
  constructor(name: string, help: string, labelNames: string[], options: MetricOptions, readonly buckets: number[]) {
    super("histogram", name, help, labelNames, options);
    this.buckets = [...buckets].sort((a, b) => a - b);
  }
  protected initial(): HistogramData {
    return { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
  }
  observe(value: number, labels?: Labels): void {
    const d = this.entry(labels);
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) d.counts[i]++;
    d.sum += value;
    d.count++;
  }
  protected renderSeries(lines: string[], values: string[], d: HistogramData): void {
    this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket${renderLabels(this.labelNames, values, `le="${formatValue(le)}"`)} ${d.counts[i]}`));
    lines.push(`${this.name}_bucket${renderLabels(this.labelNames, values, 'le="+Inf"')} ${d.count}`);
    lines.push(`${this.name}_sum${renderLabels(this.labelNames, values)} ${formatValue(d.sum)}`);
    lines.push(`${this.name}_count${renderLabels(this.labelNames, values)} ${d.count}`);
  }
}

export class Registry {
  private readonly metrics = new Map<string, Metric<unknown>>();
  private readonly options: MetricOptions;

  constructor(options: Partial<MetricOptions> = {}) {
    this.options = { maxLabelSets: 1000, overflowValue: "unknown", ...options };
  }

  private add<M extends Metric<unknown>>(m: M): M {
    if (this.metrics.has(m.name)) throw new Error(`Metric ${m.name} is registered twice`);
    this.metrics.set(m.name, m);
    return m;
  }

  counter(name: string, help: string, labelNames: string[] = [], collect?: (c: Counter) => void): Counter {
    const c = this.add(new Counter("counter", name, help, labelNames, this.options));
    if (collect) c.collect = () => collect(c);
    return c;
  }

  gauge(name: string, help: string, labelNames: string[] = [], collect?: (g: Gauge) => void): Gauge {
    const g = this.add(new Gauge("gauge", name, help, labelNames, this.options));
    if (collect) g.collect = () => collect(g);
    return g;
  }

  histogram(name: string, help: string, labelNames: string[] = [], buckets = DEFAULT_BUCKETS): Histogram {
    return this.add(new Histogram(name, help, labelNames, this.options, buckets));
  }

  /** The exposition text; a metric whose collect() throws is left out rather than failing the scrape. */
  render(): string {
    const blocks: string[] = [];
    for (const m of this.metrics.values()) {
      try {
        m.collect?.();
      } catch {
        continue;
      }
      blocks.push(m.render());
    }
    return blocks.join("\n") + "\n";
  }
}
