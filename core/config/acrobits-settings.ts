// switchboard.yml `acrobits:` — Switchboard as the web services an Acrobits deployment calls (README "Acrobits
// web services"): External Authentication and Web Service Contacts.
import type { ConfigProblem } from "../../lib/yaml.ts";

export interface AcrobitsSettings {
  /**
   * The most contacts one Web Service Contacts answer holds (`/acrobits/contacts`): the app loads the whole answer
   * at every refresh, so a 100,000-contact book is cut here (a request may ask for fewer, and page with offset).
   */
  contacts_limit: number;
}

/** A device holds at most 50,000 contacts (core/sync/contact-batch.ts); no answer needs more. */
export const MAX_CONTACTS_LIMIT = 50_000;

export const defaultAcrobitsSettings = (): AcrobitsSettings => ({ contacts_limit: 5000 });

/** Checks (and normalises) the merged `acrobits:` section; problems are pushed for the config error list. */
export function validateAcrobitsSettings(s: AcrobitsSettings, file: string, problems: ConfigProblem[]): void {
  const limit = Number(s.contacts_limit);
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= MAX_CONTACTS_LIMIT)) {
    problems.push({ file, message: `acrobits.contacts_limit must be a whole number from 1 to ${MAX_CONTACTS_LIMIT}, got ${JSON.stringify(s.contacts_limit)}` });
    s.contacts_limit = defaultAcrobitsSettings().contacts_limit;
  } else {
    s.contacts_limit = limit;
  }
}
