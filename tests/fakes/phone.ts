// A Cisco MPP phone as the server sees it: it fetches its profile with a real User-Agent and posts its
// configuration report (Report_Rule) as raw XML, the way the phone firmware does.
import { XmlWriter } from "../../lib/xml.ts";
import { profileParams } from "../helpers/xml.ts";

export interface FakePhoneOptions {
  mac: string; // 12 hex digits
  model?: string; // "CP-8841-3PCC"
  firmware?: string; // "12.0.1"
}

/** A report body: `<flat-profile>` (optionally wrapped, e.g. ["device"] or ["env"]) with one element per parameter. */
export function reportXml(params: Record<string, string>, wrappers: string[] = [], attrs: Record<string, string> = {}): string {
  const w = new XmlWriter();
  for (const el of wrappers) w.start(el);
  w.start("flat-profile", attrs).newline();
  for (const [name, value] of Object.entries(params)) w.element(name, value, { ua: "na" }).newline();
  w.end();
  for (let i = 0; i < wrappers.length; i++) w.end();
  return w.toString();
}

/** A phone's factory-like report with `n` parameters (Param_0001 …), for volume tests. */
export function bulkParams(n: number, extra: Record<string, string> = {}): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 1; i <= n; i++) params[`Param_${String(i).padStart(4, "0")}`] = `value ${i}`;
  return { ...params, ...extra };
}

export class FakePhone {
  readonly mac: string;
  readonly model: string;
  readonly firmware: string;
  /** What the phone last applied from its profile. */
  config: Record<string, string> = {};

  constructor(o: FakePhoneOptions) {
    this.mac = o.mac.toLowerCase();
    this.model = o.model ?? "CP-8841-3PCC";
    this.firmware = o.firmware ?? "12.0.1";
  }

  get userAgent(): string {
    return `Cisco-${this.model}/${this.firmware} (${this.mac.toUpperCase()})`;
  }

  /** GET /$MA.xml like the phone's Profile_Rule; a 200 profile is applied over the current config. */
  async fetchProfile(baseUrl: string, path = `/${this.mac}.xml`): Promise<{ status: number; body: string }> {
    const res = await fetch(baseUrl + path, { headers: { "User-Agent": this.userAgent } });
    const body = await res.text();
    if (res.status === 200) for (const [name, p] of profileParams(body)) this.config[name] = p.value;
    return { status: res.status, body };
  }

  /** POST the current config like Report_Rule `http://server/report/$MA` (phones label it as a form). */
  async postReport(baseUrl: string, o: { path?: string; params?: Record<string, string>; contentType?: string; method?: string } = {}): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(baseUrl + (o.path ?? `/report/${this.mac}`), {
      method: o.method ?? "POST",
      headers: { "User-Agent": this.userAgent, "Content-Type": o.contentType ?? "application/x-www-form-urlencoded" },
      body: reportXml(o.params ?? this.config),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }
}
