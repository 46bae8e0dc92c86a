// The desk phones an account owns: phones.yml entries whose `account` names it (user@domain, sip:user@domain, or
// the bare username for an account of accounts.sip_domain). Phone books themselves carry no owner — a phone-book
// key is a shared secret, not a person's — so the phone books "of" an account are the ones its desk phones are
// given: their XML_Directory_Service_URL (phone over common, exactly as the profile sends it).
import type { Account } from "../../db/accounts.ts";
import type { PhoneEntry } from "../config/mpp-files.ts";
import type { Config } from "../config/store.ts";
import { mergeParams } from "../mpp/profile.ts";

export interface MyDirectory {
  /** The phone's label, else its ID in phones.yml. */
  phone: string;
  directory_url: string;
}

/** Whether a phones.yml `account` value names the account. */
function names(value: string, account: Account, sipDomain: string): boolean {
  const v = value.trim().toLowerCase().replace(/^sips?:/, "");
  const user = account.username.toLowerCase();
  return v === `${user}@${account.domain.toLowerCase()}` || (v === user && account.domain.toLowerCase() === sipDomain.toLowerCase());
}

export const phonesOf = (config: Config, account: Account): PhoneEntry[] =>
  config.phones.filter((p) => p.account !== undefined && names(String(p.account), account, config.switchboard.accounts.sip_domain));

/** GET /api/accounts/me/directories: the directoryURL each of the account's desk phones gets (phones without one left out). */
export function directoriesOf(config: Config, account: Account): MyDirectory[] {
  return phonesOf(config, account).flatMap((phone) => {
    const url = mergeParams(config.common, phone).get("XML_Directory_Service_URL")?.value.trim();
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
