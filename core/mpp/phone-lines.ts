// A phone's `lines:` (or `account:`) and `keys:` turned into Cisco parameters from the SIP accounts store: line n
// gets the account's user, display name, domain and — only where a cleartext one is stored — its password; each
// key becomes an Extended_Function on the next free programmable key, then on the key expansion modules.
import type { Db } from "../../db/open.ts";
import { findAccount, passwordsOf, type Account } from "../../db/accounts.ts";
import type { ParamMap, PhoneEntry } from "../config/mpp-files.ts";
import type { KeySpec } from "../config/layer-files.ts";

/** Programmable line keys on the phone, and key expansion modules (units) it takes with their keys each. */
interface KeyLayout {
  lineKeys: number;
  units: number;
  unitKeys: number;
}

// From Cisco's MPP data sheets. The 8800 KEM has 2 pages of 18 keys, the 6800 KEM 2 pages of 14.
const KEY_LAYOUTS: Record<string, KeyLayout> = {
  "6821": { lineKeys: 2, units: 0, unitKeys: 0 },
  "6841": { lineKeys: 4, units: 0, unitKeys: 0 },
  "6851": { lineKeys: 4, units: 1, unitKeys: 28 },
  "6861": { lineKeys: 4, units: 0, unitKeys: 0 },
  "6871": { lineKeys: 6, units: 0, unitKeys: 0 },
  "7811": { lineKeys: 0, units: 0, unitKeys: 0 },
  "7821": { lineKeys: 2, units: 0, unitKeys: 0 },
  "7841": { lineKeys: 4, units: 0, unitKeys: 0 },
  "7861": { lineKeys: 16, units: 0, unitKeys: 0 },
  "8811": { lineKeys: 10, units: 0, unitKeys: 0 },
  "8841": { lineKeys: 10, units: 0, unitKeys: 0 },
  "8845": { lineKeys: 10, units: 0, unitKeys: 0 },
  "8851": { lineKeys: 10, units: 2, unitKeys: 36 },
  "8861": { lineKeys: 10, units: 3, unitKeys: 36 },
  "8865": { lineKeys: 10, units: 3, unitKeys: 36 },
};
/** A model we do not know (or none seen yet): the 8800 series' ten keys, no expansion module. */
const DEFAULT_LAYOUT: KeyLayout = { lineKeys: 10, units: 0, unitKeys: 0 };

/** "CP-8841-3PCC", "8841-3PCC", "cp-8841" → "8841". */
export const modelNumber = (model: string): string => model.trim().toUpperCase().replace(/^CP-/, "").replace(/-3PCC$/, "");

/** The key table's entry for a model ("" for the default): models that lay keys out alike share it. */
export const keyLayoutName = (model: string | undefined): string => (model && Object.hasOwn(KEY_LAYOUTS, modelNumber(model)) ? modelNumber(model) : "");

const keyLayout = (model: string | undefined): KeyLayout => KEY_LAYOUTS[keyLayoutName(model)] ?? DEFAULT_LAYOUT;

export interface DerivedParams {
  params: ParamMap;
  /** Parameter → the layer that set it: `account user@domain` or `key n` (`key unit 1/3` on a module). */
  layers: Map<string, string>;
  /** Lines without an account or a password, keys that did not fit: named with the phone, never with a secret. */
  warnings: string[];
}

/**
 * `configured(name)`: the value common, model, group and phone files give a parameter, if any — a key that is
 * configured there (an Extended_Function, a line's User_ID) is not free.
 */
export function linesAndKeys(db: Db, phone: PhoneEntry, model: string | undefined, defaultDomain: string, configured: (name: string) => string | undefined): DerivedParams {
  const out: DerivedParams = { params: new Map(), layers: new Map(), warnings: [] };
  const set = (name: string, value: string, layer: string) => {
    out.params.set(name, { value });
    out.layers.set(name, layer);
  };
  const lines = phone.lines ?? [];
  for (const [i, address] of lines.entries()) {
    const n = i + 1;
    const at = address.lastIndexOf("@");
    const account = findAccount(db, address.slice(0, at), address.slice(at + 1));
    const layer = `account ${address}`;
    if (!account) {
      out.warnings.push(`phones.yml: phone "${phone.id}": line ${n}: there is no SIP account ${address}, so the line is left unset`);
      continue;
    }
    set(`User_ID_${n}_`, account.username, layer);
    set(`Display_Name_${n}_`, account.display_name || account.username, layer);
    set(`Proxy_${n}_`, account.domain, layer);
    // FlexiAPI keeps Digest hashes; a phone needs the password itself, which only a CLRTXT entry holds.
    const cleartext = passwordsOf(db, account.id).find((p) => p.algorithm === "CLRTXT");
    if (cleartext) set(`Password_${n}_`, cleartext.hash, layer);
    else if (configured(`Password_${n}_`) === undefined) {
      out.warnings.push(`phones.yml: phone "${phone.id}": line ${n}: the account ${address} has no cleartext password, so Password_${n}_ is not set (set it in phones.yml, or store the account's password as CLRTXT)`);
    }
  }
  const keys = phone.keys ?? [];
  if (!keys.length) return out;
  const domain = lines.length ? lines[0].slice(lines[0].lastIndexOf("@") + 1) : defaultDomain;
  const free = freeKeys(keyLayout(model), lines.length, configured);
  for (const [i, key] of keys.entries()) {
    const slot = free[i];
    if (!slot) {
      out.warnings.push(`phones.yml: phone "${phone.id}": key ${i + 1} (${key.type} ${key.target}) is left out: a ${model ?? "phone of unknown model"} has only ${free.length} free programmable keys`);
      continue;
    }
    const target = key.target.includes("@") ? key.target : `${key.target}@$PROXY`;
    const label = key.label ?? labelOf(key, key.target.includes("@") ? undefined : findAccount(db, key.target, domain));
    const fnc = key.type === "blf" ? `fnc=blf+sd+cp;sub=${target}` : `fnc=sd;ext=${target}`;
    set(slot.name, `${fnc};nme=${label}`, slot.layer);
    // A line key shows a function only when it carries no extension of its own.
    if (slot.extension && configured(slot.extension) === undefined) set(slot.extension, "Disabled", slot.layer);
  }
  return out;
}

/** The account's display name, or the target itself; never a character that would end the function string. */
const labelOf = (key: KeySpec, account: Account | undefined) => (account?.display_name || key.target).replace(/[;=]/g, " ").trim();

interface KeySlot {
  name: string;
  layer: string;
  /** A line key's Extension_n_, set to Disabled so the key shows the function. */
  extension?: string;
}

/** Line keys after the lines in use and not configured otherwise, then each expansion module's keys. */
function freeKeys(layout: KeyLayout, linesInUse: number, configured: (name: string) => string | undefined): KeySlot[] {
  const slots: KeySlot[] = [];
  for (let n = linesInUse + 1; n <= layout.lineKeys; n++) {
    const extension = configured(`Extension_${n}_`);
    const inUse = configured(`Extended_Function_${n}_`) || configured(`User_ID_${n}_`) || (extension !== undefined && extension !== "Disabled");
    if (!inUse) slots.push({ name: `Extended_Function_${n}_`, layer: `key ${n}`, extension: `Extension_${n}_` });
  }
  for (let u = 1; u <= layout.units; u++) {
    for (let k = 1; k <= layout.unitKeys; k++) {
      if (!configured(`Unit_${u}_Key_${k}_`)) slots.push({ name: `Unit_${u}_Key_${k}_`, layer: `key unit ${u}/${k}` });
    }
  }
  return slots;
}
