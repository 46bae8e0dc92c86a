// The Prometheus metrics of the MPP service (DESIGN §5.1, the seed's names and labels) plus process metrics.
// Label values stay bounded: a MAC or address that is not a configured phone's becomes "unknown".
import { createHistogram, performance } from "node:perf_hooks";
import { Registry, type Counter, type CounterSeries, type Histogram } from "../../lib/prometheus.ts";
import type { Config } from "../config/store.ts";
import type { ActivityHistory } from "./activity.ts";
import type { FirmwareDecision } from "./firmware.ts";
import { phoneByMac } from "./identify.ts";
import type { ActivityGauges } from "./overview.ts";

export const UNKNOWN = "unknown";

export interface MppMetrics {
  registry: Registry;
  configRequests: Counter;
  reportsReceived: Counter;
  firmwareUpdates: Counter;
  configDuration: Histogram;
  /** The same events per hour, kept across restarts (the dashboard's 24-hour chart). */
  activity: ActivityHistory;
  /** Stops watching the event loop (closeApp). */
  stop(): void;
}

/** A version or model name as a label: short and plain, else "unknown". */
const plainLabel = (v: string | undefined) => (v && /^[\w.+-]{1,40}$/.test(v) ? v : UNKNOWN);

/** The registry of one server; `gauges` reads the activity counts from SQLite (once per scrape). */
export function createMppMetrics(startedAt: Date, gauges: () => ActivityGauges, activity: ActivityHistory): MppMetrics {
  const registry = new Registry({ maxLabelSets: 5000, overflowValue: UNKNOWN });
  const configRequests = registry.counter("phone_config_requests_total", "Total phone configuration requests", ["ip", "phone_mac"]);
  const reportsReceived = registry.counter("phone_reports_received_total", "Total phone reports received", ["phone_mac", "report_type"]);
  const firmwareUpdates = registry.counter("phone_firmware_updates_total", "Firmware upgrade profiles served", ["current_version", "expected_version", "phone_model"]);
  const configDuration = registry.histogram("phone_config_request_duration_seconds", "Time spent answering configuration requests");
  // The gauges are computed together once per scrape (the first one's collect reads them).
  let current: ActivityGauges | undefined;
  const gauge = (name: keyof ActivityGauges, help: string, first = false) =>
    registry.gauge(name, help, [], (g) => {
      if (first || !current) current = gauges();
      g.set(current[name]);
    });
  gauge("phone_config_differences", "Number of phones whose newest config report differs from the configuration (value mismatches, missing parameters)", true);
  gauge("phone_config_not_resynced", "Number of phones whose newest config report predates a configuration change they have not reported since");
  gauge("phone_unexpected_params", "Number of phones reporting parameters the configuration does not set");
  gauge("phone_activity_recent", "Number of phones active in the recent time window (monitoring.phone_activity_window)");
  gauge("reports_recent", "Number of reports received in the recent time window (monitoring.report_activity_window)");
  addProcessMetrics(registry, startedAt);
  const stopLag = addEventLoopLag(registry);
  return { registry, configRequests, reportsReceived, firmwareUpdates, configDuration, activity, stop: stopLag };
}

// How often the event loop is checked: the lag is how much later than this a check runs.
const LAG_RESOLUTION_MS = 10;

/**
 * How late the event loop ran since the previous scrape, with prom-client's names: a request that arrives while
 * the loop is blocked (a long synchronous task, a garbage collection) waits that long before it is read. The
 * figures start afresh at each scrape, so the max is the worst stall of the interval. Measured with a timer of
 * our own: perf_hooks' monitorEventLoopDelay forgets a stall that comes right after a reset.
 */
function addEventLoopLag(registry: Registry): () => void {
  const lags = createHistogram();
  let due = performance.now() + LAG_RESOLUTION_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    lags.record(Math.max(1, Math.round((now - due) * 1e6)));
    due = now + LAG_RESOLUTION_MS;
  }, LAG_RESOLUTION_MS).unref();
  let interval = { p50: 0, p99: 0, max: 0 };
  const gauge = (name: string, help: string, pick: (i: typeof interval) => number, first = false) =>
    registry.gauge(name, help, [], (g) => {
      if (first) {
        interval = lags.count ? { p50: lags.percentile(50) / 1e9, p99: lags.percentile(99) / 1e9, max: lags.max / 1e9 } : { p50: 0, p99: 0, max: 0 };
        lags.reset();
      }
      g.set(pick(interval));
    });
  gauge("nodejs_eventloop_lag_p50_seconds", "The median event loop lag since the previous scrape, in seconds", (i) => i.p50, true);
  gauge("nodejs_eventloop_lag_p99_seconds", "The 99th percentile of the event loop lag since the previous scrape, in seconds", (i) => i.p99);
  gauge("nodejs_eventloop_lag_max_seconds", "The largest event loop lag since the previous scrape, in seconds", (i) => i.max);
  return () => clearInterval(timer);
}

function addProcessMetrics(registry: Registry, startedAt: Date): void {
  registry.counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds", [], (c) => {
    const u = process.cpuUsage();
    c.setTotal((u.user + u.system) / 1e6);
  });
  registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes", [], (g) => g.set(process.memoryUsage.rss()));
  registry.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds", [], (g) => g.set(Math.floor(startedAt.getTime() / 1000)));
  registry.gauge("nodejs_heap_size_used_bytes", "Process heap size used from Node.js in bytes", [], (g) => g.set(process.memoryUsage().heapUsed));
}

/** The label of a MAC: itself when it is a configured phone's, else "unknown". */
export function macLabel(config: Config, mac: string | undefined): string {
  return mac && phoneByMac(config, mac) ? mac : UNKNOWN;
}

/** A config request as the profile decision saw it: labelled by the phone when it is a configured one. */
export function countConfigRequest(m: MppMetrics, phoneMac: string | undefined, clientIp: string, upgrade?: FirmwareDecision): void {
  countInSeries(m, configRequestSeries(m, phoneMac, clientIp));
  if (upgrade) {
    m.activity.record("firmware_upgrades");
    m.firmwareUpdates.inc({ current_version: plainLabel(upgrade.current), expected_version: plainLabel(upgrade.expected), phone_model: plainLabel(upgrade.model) });
  }
}

/**
 * The series a config request from this phone at this address counts in (kept by core/mpp/answer-memo.ts): the
 * registry's own series object, shared by every caller of the same labels (and by all past the label-set cap).
 */
export function configRequestSeries(m: MppMetrics, phoneMac: string | undefined, clientIp: string): CounterSeries {
  return m.configRequests.labelled({ ip: phoneMac ? clientIp : UNKNOWN, phone_mac: phoneMac ?? UNKNOWN });
}

/** One more config request in a series from configRequestSeries(). */
export function countInSeries(m: MppMetrics, series: CounterSeries): void {
  series.inc();
  m.activity.record("config_requests");
}

export function countReport(m: MppMetrics, config: Config, mac: string, reportType: string): void {
  m.reportsReceived.inc({ phone_mac: macLabel(config, mac), report_type: reportType });
  m.activity.record("reports");
}
