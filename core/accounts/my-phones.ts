// The desk phones an account owns: phones.yml entries with the account on one of their lines (`account:` or
// `lines:`, user@domain, as core/mpp/layers.ts puts them on the phone). Phone books themselves carry no owner — a
// phone-book key is a shared secret, not a person's — so the phone books "of" an account are the ones its desk
// phones are given: their XML_Directory_Service_URL (every layer over common, exactly as the profile sends it).
import type { Account } from "../../db/accounts.ts";
import type { Db } from "../../db/open.ts";
import type { PhoneEntry } from "../config/mpp-files.ts";
import type { Config } from "../config/store.ts";
import { configuredParams } from "../mpp/layers.ts";

export interface MyDirectory {
  /** The phone's label, else its ID in phones.yml. */
  phone: string;
  directory_url: string;
}

export function phonesOf(config: Config, account: Account): PhoneEntry[] {
  const address = `${account.username}@${account.domain}`.toLowerCase();
  return config.phones.filter((p) => p.lines?.some((line) => line.toLowerCase() === address));
}

/** GET /api/accounts/me/directories: the directoryURL each of the account's desk phones gets (phones without one left out). */
export function directoriesOf(config: Config, db: Db, account: Account): MyDirectory[] {
  return phonesOf(config, account).flatMap((phone) => {
    const url = configuredParams(config, db, phone).get("XML_Directory_Service_URL")?.value.trim();
    return url ? [{ phone: phone.label || phone.id, directory_url: url }] : [];
  });
}

export interface MyPhone {
  /** Its ID in phones.yml: what the page names when it asks for a resync. */
  id: string;
  /** The phone's label, else its ID. */
  phone: string;
}

/** GET /api/accounts/me/phones: the account's desk phones a resync can reach (those with a MAC). */
export const myPhones = (config: Config, account: Account): MyPhone[] =>
  phonesOf(config, account).flatMap((p) => (p.mac !== undefined ? [{ id: p.id, phone: p.label || p.id }] : []));
