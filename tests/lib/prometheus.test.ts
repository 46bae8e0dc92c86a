import assert from "node:assert/strict";
import { test } from "node:test";
import { formatValue, Registry } from "../../lib/prometheus.ts";
import { parseMetrics } from "../helpers/prometheus.ts";

test("counters, gauges and histograms render as text 0.0.4 a Prometheus parser reads", () => {
  const r = new Registry();
  const c = r.counter("requests_total", "Requests\nby path", ["path"]);
  c.inc({ path: '/a"b\\c\nd' });
  c.inc({ path: "/x" }, 2.5);
  r.gauge("temperature", "Current", [], (g) => g.set(21.5));
  const h = r.histogram("latency_seconds", "Latency", [], [0.1, 1]);
  for (const v of [0.05, 0.5, 3]) h.observe(v);
  // This parser loses labelled histograms' sum and count, so the labelled one is checked as text.
  r.histogram("by_route_seconds", "Latency by route", ["route"], [1]).observe(2, { route: "r" });
  const text = r.render();
  assert.match(text, /^# HELP requests_total Requests\\nby path$/m);
  assert.match(text, /^by_route_seconds_bucket\{route="r",le="1"\} 0\nby_route_seconds_bucket\{route="r",le="\+Inf"\} 1\nby_route_seconds_sum\{route="r"\} 2\nby_route_seconds_count\{route="r"\} 1$/m);
  const m = parseMetrics(text);
  assert.equal(m.get("requests_total")!.type, "COUNTER");
  assert.deepEqual(m.get("requests_total")!.metrics, [{ value: "1", labels: { path: '/a"b\\c\nd' } }, { value: "2.5", labels: { path: "/x" } }]);
  assert.deepEqual(m.get("temperature")!.metrics, [{ value: "21.5" }]);
  const hist = m.get("latency_seconds")!.metrics[0];
  assert.deepEqual(hist.buckets, { "0.1": "1", "1": "2", "+Inf": "3" });
  assert.equal(hist.count, "3");
  assert.equal(hist.sum, "3.55");
});

test("label sets beyond the cap collapse into one overflow series", () => {
  const r = new Registry({ maxLabelSets: 2, overflowValue: "unknown" });
  const c = r.counter("hits_total", "Hits", ["ip"]);
  for (const ip of ["a", "b", "c", "d", "a"]) c.inc({ ip });
  assert.deepEqual(parseMetrics(r.render()).get("hits_total")!.metrics.map((s) => [s.labels!.ip, s.value]), [["a", "2"], ["b", "1"], ["unknown", "2"]]);
});

test("bad names, negative increments and duplicate metrics are programming errors", () => {
  const r = new Registry();
  assert.throws(() => r.counter("bad-name", "x"));
  assert.throws(() => r.counter("ok_total", "x", ["le"]));
  const c = r.counter("ok_total", "x");
  assert.throws(() => c.inc(undefined, -1));
  assert.throws(() => r.gauge("ok_total", "x"));
});

test("a failing collector leaves its metric out instead of failing the scrape", () => {
  const r = new Registry();
  r.gauge("broken", "x", [], () => {
    throw new Error("db gone");
  });
  r.gauge("fine", "x", [], (g) => g.set(1));
  const m = parseMetrics(r.render());
  assert.ok(!m.has("broken"));
  assert.equal(m.get("fine")!.metrics[0].value, "1");
});

test("special values use Prometheus spelling", () => {
  assert.equal(formatValue(Infinity), "+Inf");
  assert.equal(formatValue(-Infinity), "-Inf");
  assert.equal(formatValue(NaN), "NaN");
});

test("a label set's series is one object however often it is asked for (a caller keeps one per phone)", () => {
  const r = new Registry({ maxLabelSets: 1, overflowValue: "other" });
  const c = r.counter("requests_total", "Requests", ["phone"]);
  const a = c.labelled({ phone: "a" });
  assert.equal(c.labelled({ phone: "a" }), a);
  assert.equal(c.labelled({ phone: "b" }), c.labelled({ phone: "c" }), "past the cap, the one overflow series");
  a.inc();
  a.inc();
  assert.equal(c.get({ phone: "a" }), 2);
});
