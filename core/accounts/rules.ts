// The checks FlexiAPI's validation makes on account input, with its field names and 422 messages: a body field
// either passes or adds a message under its name.
import type { Db } from "../../db/open.ts";
import { emailTaken, phoneTaken, usernameTaken } from "../../db/accounts.ts";
import { Invalid } from "../../lib/errors.ts";
import type { AccountsSettings } from "../config/accounts-settings.ts";

export const DTMF_PROTOCOLS = ["sipinfo", "rfc2833", "sipmessage"] as const;
export const MAX_USERNAME = 64;

/** Collects per-field messages; `check()` throws them as one Invalid (422). */
export class FieldErrors {
  readonly errors: Record<string, string[]> = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  has(field: string): boolean {
    return field in this.errors;
  }

  check(): void {
    const fields = Object.keys(this.errors);
    if (!fields.length) return;
    const first = this.errors[fields[0]][0];
    const more = fields.reduce((n, f) => n + this.errors[f].length, 0) - 1;
    throw new Invalid(more ? `${first} (and ${more} more error${more === 1 ? "" : "s"})` : first, this.errors);
  }
}

export const isString = (v: unknown): v is string => typeof v === "string";

/** A required non-empty string field; adds FlexiAPI's message when missing. */
export function requiredString(body: Record<string, unknown>, field: string, errors: FieldErrors): string | undefined {
  const v = body[field];
  if (v === undefined || v === null || v === "") {
    errors.add(field, `The ${field.replace(/_/g, " ")} field is required.`);
    return undefined;
  }
  if (!isString(v)) {
    errors.add(field, `The ${field.replace(/_/g, " ")} must be a string.`);
    return undefined;
  }
  return v;
}

/** Optional string (null or absent → null). */
export function optionalString(body: Record<string, unknown>, field: string, errors: FieldErrors, max = 255): string | null {
  const v = body[field];
  if (v === undefined || v === null || v === "") return null;
  if (!isString(v) || v.length > max) {
    errors.add(field, `The ${field.replace(/_/g, " ")} must be a string of at most ${max} characters.`);
    return null;
  }
  return v;
}

/** Optional boolean (JSON true/false, or 0/1 as Laravel's boolean rule accepts); undefined when absent. */
export function optionalBoolean(body: Record<string, unknown>, field: string, errors: FieldErrors): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (v === true || v === false) return v;
  if (v === 0 || v === 1 || v === "0" || v === "1") return v === 1 || v === "1";
  errors.add(field, `The ${field} field must be true or false.`);
  return undefined;
}

/** The number of an id in a URL (`/api/account_types/12`), or 0 when it is none, which no row has. */
export const pathId = (v: string): number => (/^\d{1,15}$/.test(v) ? Number(v) : 0);

/** A JSON number as the text PHP would make of it (Laravel's string-ish rules accept numbers); anything else as is. */
export const numberAsText = (v: unknown): unknown => (typeof v === "number" && Number.isFinite(v) ? String(v) : v);

const ALPHA_DASH = /^[\p{L}\p{M}\p{N}_-]+$/u;
const ALPHA_NUM = /^[\p{L}\p{M}\p{N}]+$/u;
const MAX_WORD = 255;

/**
 * A required lower-case word, as FlexiAPI checks type keys and action keys and codes: Laravel's alpha_dash
 * (letters, marks and digits of any script, "-" and "_") or alpha_num, and its NoUppercase rule. Laravel's alpha
 * rules take a JSON number too (its digits).
 */
export function requiredWord(body: Record<string, unknown>, field: string, rule: "alpha_dash" | "alpha_num", errors: FieldErrors): string | undefined {
  const v = requiredString({ [field]: numberAsText(body[field]) }, field, errors);
  if (v === undefined) return undefined;
  const name = field.replace(/_/g, " ");
  if (v.length > MAX_WORD) errors.add(field, `The ${name} must not be greater than ${MAX_WORD} characters.`);
  else if (rule === "alpha_dash" && !ALPHA_DASH.test(v)) errors.add(field, `The ${name} must only contain letters, numbers, dashes and underscores.`);
  else if (rule === "alpha_num" && !ALPHA_NUM.test(v)) errors.add(field, `The ${name} must only contain letters and numbers.`);
  if (v.toLowerCase() !== v) errors.add(field, "No uppercase letters are allowed.");
  return errors.has(field) ? undefined : v;
}

/**
 * A phone number written as a username: a leading "+", or only digits and phone punctuation with 7 to 15 digits
 * (FlexiAPI refuses those so a username never looks like an alias of a number).
 */
export function looksLikePhoneNumber(v: string): boolean {
  if (v.startsWith("+")) return true;
  if (!/^[\d\s().-]+$/.test(v)) return false;
  const digits = v.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}

/** Exact blacklist entries, and entries that are regular expressions found anywhere in the name (FlexiAPI). */
export function isBlacklisted(username: string, blacklist: string[]): boolean {
  for (const entry of blacklist) {
    if (username === entry) return true;
    let re: RegExp | undefined;
    try {
      re = new RegExp(entry, "u");
    } catch {
      re = undefined;
    }
    if (re?.test(username)) return true;
  }
  return false;
}

/** Every rule of a username in `domain`; `exceptId`: the account being renamed. */
export function checkUsername(db: Db, s: AccountsSettings, username: string | undefined, domain: string, errors: FieldErrors, exceptId = 0): void {
  if (username === undefined) return;
  if (username.length > MAX_USERNAME) errors.add("username", `The username must not be longer than ${MAX_USERNAME} characters.`);
  else if (username.toLowerCase() !== username) errors.add("username", "No uppercase letters are allowed.");
  else if (looksLikePhoneNumber(username)) errors.add("username", "The username should not be a phone number");
  else if (isBlacklisted(username, s.blacklisted_usernames)) errors.add("username", "Username already used.");
  else if (!new RegExp(s.username_regex, "u").test(username)) errors.add("username", "The username should be a valid SIP username");
  else if (usernameTaken(db, username, domain, exceptId)) errors.add("username", "The username has already been taken.");
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@.]{1,63}$/;

export function checkEmail(db: Db, s: AccountsSettings, email: string | null, errors: FieldErrors, exceptId = 0): void {
  if (email === null) return;
  if (!EMAIL.test(email)) errors.add("email", "The email must be a valid email address.");
  else if (s.email_unique && emailTaken(db, email, exceptId)) errors.add("email", "The email has already been taken.");
}

/** A phone number in international form (+ and digits, no spaces), used by no other account. */
export function checkPhone(db: Db, phone: string | null, domain: string, errors: FieldErrors, exceptId = 0): void {
  if (phone === null) return;
  if (/\s/.test(phone)) errors.add("phone", "The phone contains spaces");
  else if (!/^\+\d{3,20}$/.test(phone)) errors.add("phone", "The phone must start with one of the following: +.");
  else if (phoneTaken(db, phone, domain, exceptId)) errors.add("phone", "The phone has already been taken.");
}

export function checkDtmfProtocol(body: Record<string, unknown>, errors: FieldErrors): (typeof DTMF_PROTOCOLS)[number] | null {
  const v = body.dtmf_protocol;
  if (v === undefined || v === null || v === "") return null;
  if (!DTMF_PROTOCOLS.includes(v as (typeof DTMF_PROTOCOLS)[number])) {
    errors.add("dtmf_protocol", `The selected dtmf protocol is invalid (${DTMF_PROTOCOLS.join(", ")}).`);
    return null;
  }
  return v as (typeof DTMF_PROTOCOLS)[number];
}

/** A dictionary body: an object whose keys and values are strings. */
export function checkDictionary(body: Record<string, unknown>, errors: FieldErrors): Record<string, string> | undefined {
  const v = body.dictionary;
  if (v === undefined) return undefined;
  if (!v || typeof v !== "object" || Array.isArray(v) || !Object.values(v).every(isString)) {
    errors.add("dictionary", "The dictionary must be an associative dictionary of strings");
    return undefined;
  }
  return v as Record<string, string>;
}
