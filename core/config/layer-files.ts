// The layers between common.yml and a phone's own parameters: models.yml (`models:`, one entry per phone model)
// and groups.yml (`groups:`, per site or department), and a phone's `lines:` and `keys:`. A missing file is
// simply empty, so the seed's folder (common + phones) works unchanged. Values keep their text as written.
import { lineOfKey, type ConfigProblem } from "../../lib/yaml.ts";
import { isMap, section, toParam, type ParamMap, type Parsed } from "./mpp-files.ts";

/** A programmable key a phone entry asks for: a busy lamp field or a speed dial to `target`. */
export interface KeySpec {
  type: "blf" | "speeddial";
  target: string;
  /** What the key shows; the target account's display name when not given. */
  label?: string;
}

/** A layer file: name → its parameters (models.yml by model name, groups.yml by group name). */
export type Layers = Map<string, ParamMap>;

function parseLayers(raw: unknown, source: string, file: string, key: string, what: string): Parsed<Layers> {
  const problems: ConfigProblem[] = [];
  const layers: Layers = new Map();
  for (const [name, entry] of Object.entries(section(raw, key, file, problems))) {
    if (entry === null || entry === "") {
      layers.set(name, new Map());
      continue;
    }
    if (!isMap(entry)) {
      problems.push({ file, line: lineOfKey(source, name), message: `${what} "${name}" must be a map of parameters` });
      continue;
    }
    const params: ParamMap = new Map();
    for (const [param, v] of Object.entries(entry)) {
      const p = toParam(param, v, file, source, problems);
      if (p) params.set(param, p);
    }
    layers.set(name, params);
  }
  return { value: layers, problems, warnings: [] };
}

export const parseModels = (raw: unknown, source: string, file = "models.yml") => parseLayers(raw, source, file, "models", "model");
export const parseGroups = (raw: unknown, source: string, file = "groups.yml") => parseLayers(raw, source, file, "groups", "group");

/** A SIP address as an account has it: user@domain, no scheme, no spaces. */
const SIP_ADDRESS = /^[^@\s:;]+@[^@\s:;]+$/;

/** `lines: [user@domain, …]` (or `account: user@domain`, passed as a one-item list). */
export function parseLines(phone: string, v: unknown, file: string, line: number | undefined, problems: ConfigProblem[]): string[] | undefined {
  if (!Array.isArray(v) || v.some((a) => typeof a !== "string" || !SIP_ADDRESS.test(a.trim().replace(/^sips?:/, "")))) {
    problems.push({ file, line, message: `phone "${phone}": lines must be a list of SIP accounts written user@domain (account: one of them, for line 1)` });
    return undefined;
  }
  return (v as string[]).map((a) => a.trim().replace(/^sips?:/, ""));
}

/** `keys: [{type: blf|speeddial, target: 201, label: "Reception"}, …]`. */
export function parseKeys(phone: string, v: unknown, file: string, line: number | undefined, problems: ConfigProblem[]): KeySpec[] | undefined {
  const bad = (message: string) => {
    problems.push({ file, line, message: `phone "${phone}": ${message}` });
    return undefined;
  };
  if (!Array.isArray(v)) return bad("keys must be a list of {type: blf|speeddial, target, label}");
  const keys: KeySpec[] = [];
  for (const [i, k] of v.entries()) {
    if (!isMap(k)) return bad(`key ${i + 1} must be a map {type, target, label}`);
    if (k.type !== "blf" && k.type !== "speeddial") return bad(`key ${i + 1}: type must be blf or speeddial`);
    if (typeof k.target !== "string" || !/^[^\s;=]+$/.test(k.target.trim())) return bad(`key ${i + 1}: target must be an extension or user@domain`);
    if (k.label !== undefined && (typeof k.label !== "string" || /[;=]/.test(k.label))) return bad(`key ${i + 1}: label must be text without ; or =`);
    const unknown = Object.keys(k).find((name) => !["type", "target", "label"].includes(name));
    if (unknown) return bad(`key ${i + 1}: "${unknown}" is not type, target or label`);
    keys.push({ type: k.type, target: k.target.trim(), ...(k.label === undefined ? {} : { label: k.label.trim() }) });
  }
  return keys;
}
