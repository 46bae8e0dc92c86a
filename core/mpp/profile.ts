// Renders a phone's XML profile: common parameters, then the layers over them (core/mpp/layers.ts), each exactly
// as written.
import { XmlWriter } from "../../lib/xml.ts";
import type { Config } from "../config/store.ts";
import type { Param, ParamMap } from "../config/mpp-files.ts";
import type { OwnParams } from "./layers.ts";

/** The phone's parameters over common, in common's order with the phone's additions after. */
export function mergeParams(common: ParamMap, own?: ParamMap): ParamMap {
  const merged = new Map(common);
  if (own) for (const [name, p] of own) merged.set(name, p);
  return merged;
}

/**
 * Only parameters written in common.yml or phones.yml appear: schema.yml lists what a phone knows, and an
 * empty element would blank the phone's own setting.
 */
export function renderParams(params: Iterable<[string, Param]>, xmlPath: string[]): string {
  const w = new XmlWriter();
  for (const el of xmlPath) w.start(el).newline();
  for (const [name, p] of params) w.element(name, p.value, { ua: p.ua ?? "na" }).newline();
  for (let i = 0; i < xmlPath.length; i++) w.end().newline();
  return w.toString();
}

/**
 * The encoded profile as chunks to send in order, cached with the phone's parameters for the life of this config
 * generation (a reload or an account change starts afresh). The common parameters are encoded once and shared: a
 * phone's chunks are views into them plus its own lines, so 1,000 phones cost kilobytes each instead of a whole
 * profile each.
 */
export function cachedProfile(config: Config, own: OwnParams): Buffer[] {
  if (!own.chunks) {
    const common = encodedCommon(config);
    own.chunks = common ? phoneChunks(common, own.params) : [Buffer.from(renderParams(mergeParams(config.common, own.params), config.schema.xmlPath), "utf8")];
  }
  return own.chunks;
}

export interface EncodedCommon {
  /** The XML declaration and opening elements, and the closing elements. */
  head: Buffer;
  tail: Buffer;
  /** Every common parameter's line, in common's order. */
  lines: Buffer;
  /** Where each common parameter's line lies in `lines`. */
  ranges: Map<string, { start: number; end: number }>;
  /** Slices of `lines` between phones' own lines, by range: phones that replace the same parameters share them. */
  slices: Map<number, Buffer>;
}

// One parameter's line as renderParams writes it (a document with no elements around it, minus the declaration).
const DECLARATION = renderParams([], []);
const paramLine = (name: string, p: Param): string => renderParams([[name, p]], []).slice(DECLARATION.length);

/**
 * common.yml encoded once per generation. Checked against a whole renderParams() so the shared bytes are
 * exactly what it renders; undefined (render each profile whole) if they ever are not.
 */
function encodedCommon(config: Config): EncodedCommon | undefined {
  const cached = config.caches.encodedCommon;
  if (cached !== undefined) return cached ?? undefined;
  const { common, schema } = config;
  const frame = renderParams([], schema.xmlPath);
  const probe = paramLine("probe", { value: "" });
  const headLength = renderParams([["probe", { value: "" }]], schema.xmlPath).indexOf(probe);
  const texts = [...common].map(([name, p]) => paramLine(name, p));
  const whole = renderParams(common, schema.xmlPath);
  let result: EncodedCommon | undefined;
  if (headLength < 0 || whole !== frame.slice(0, headLength) + texts.join("") + frame.slice(headLength)) {
    result = undefined;
  } else {
    const ranges = new Map<string, { start: number; end: number }>();
    let at = 0;
    let i = 0;
    for (const name of common.keys()) {
      const end = at + Buffer.byteLength(texts[i++], "utf8");
      ranges.set(name, { start: at, end });
      at = end;
    }
    result = { head: Buffer.from(frame.slice(0, headLength)), tail: Buffer.from(frame.slice(headLength)), lines: Buffer.from(texts.join("")), ranges, slices: new Map() };
  }
  config.caches.encodedCommon = result ?? null;
  return result;
}

/** Same bytes as renderParams(mergeParams(common, own)): common's lines with the phone's in place, its additions after. */
function phoneChunks(common: EncodedCommon, own: ParamMap): Buffer[] {
  const replaced: { start: number; end: number; line: string }[] = [];
  const added: string[] = [];
  for (const [name, p] of own) {
    const range = common.ranges.get(name);
    const line = paramLine(name, p);
    if (range) replaced.push({ ...range, line });
    else added.push(line);
  }
  replaced.sort((a, b) => a.start - b.start);
  const parts: (Buffer | string)[] = [common.head];
  let at = 0;
  for (const r of replaced) {
    if (r.start > at) parts.push(commonSlice(common, at, r.start));
    parts.push(r.line);
    at = r.end;
  }
  if (at < common.lines.length) parts.push(commonSlice(common, at, common.lines.length));
  parts.push(...added, common.tail);
  return coalesceSmall(parts);
}

// 50,000 phones that each replace the same common parameter would otherwise hold 100,000 views of the same bytes.
function commonSlice(common: EncodedCommon, start: number, end: number): Buffer {
  const key = start * (common.lines.length + 1) + end;
  let slice = common.slices.get(key);
  if (!slice) common.slices.set(key, (slice = common.lines.subarray(start, end)));
  return slice;
}

// Every chunk is one more write through node:http's stream machinery per request: runs of small parts (a phone's
// own lines, the closing elements) are encoded into one buffer per run, once (no intermediate buffer per line
// left behind in the allocation pool); the large shared slices stay views.
const SMALL_CHUNK = 4096;

function coalesceSmall(parts: (Buffer | string)[]): Buffer[] {
  const out: Buffer[] = [];
  let run: (Buffer | string)[] = [];
  const endRun = () => {
    if (run.length === 1 && typeof run[0] !== "string") out.push(run[0]);
    else if (run.length) out.push(Buffer.from(run.map((p) => (typeof p === "string" ? p : p.toString("utf8"))).join(""), "utf8"));
    run = [];
  };
  for (const p of parts) {
    if (typeof p === "string" || p.length < SMALL_CHUNK) run.push(p);
    else {
      endRun();
      out.push(p);
    }
  }
  endRun();
  // Exactly as long as it is: an array grown by push keeps spare slots, ~100 bytes per phone.
  return out.slice();
}

/** What a factory-reset phone gets: where its own profile lives (and the firmware rule), no secrets. */
export function renderBootstrap(config: Config): string {
  const params = new Map<string, Param>([["Profile_Rule", { value: `${config.switchboard.public_url}/$MA.xml` }]]);
  const fw = config.firmware;
  if (fw.update_enabled && fw.upgrade_url) params.set("Upgrade_Rule", { value: fw.upgrade_url });
  return renderParams(params, config.schema.xmlPath);
}
