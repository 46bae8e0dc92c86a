// What a device uploads (DESIGN §5.5): `{upsert: [contact…], delete: [contactId…]}`, contacts in Acrobits' contact
// JSON. Checked whole before anything is stored: one bad contact rejects the batch, with a 422 that names each
// problem by its place (`upsert.17.contactId`). Pure (no database, no config object), so it can run in a worker.
import { Invalid, Malformed } from "../../lib/errors.ts";
import { normalizeNumber, type DialPlan } from "../contacts/normalize.ts";

/** A device holds at most this many contacts, and a batch upserts or deletes at most this many. */
export const MAX_CONTACTS_PER_DEVICE = 50_000;
const MAX_ID_LENGTH = 255;
const MAX_STRING_LENGTH = 65_536;
const MAX_LIST_ITEMS = 1000;
/** A rejected batch names at most this many problems: enough to fix, not a second copy of the upload. */
const MAX_REPORTED = 20;
/** Lists of objects in Acrobits' contact JSON; every other value is a string. */
const LISTS = new Set(["contactEntries", "contactAddresses"]);
/** What the server fills in itself (smart contacts): a client that uploads what it downloaded sends them back. */
const COMPUTED = new Set(["onNet", "sipUri"]);

export interface ContactNumber {
  /** The entry's index in contactEntries. */
  position: number;
  /** E.164 digits without "+". */
  number: string;
}

export interface StorableContact {
  contactId: string;
  checksum: string;
  /** The contact as given, without the fields the server computes. */
  json: string;
  numbers: ContactNumber[];
}

export interface ContactBatch {
  upsert: StorableContact[];
  delete: string[];
}

class Problems {
  readonly fields: Record<string, string[]> = {};
  count = 0;

  add(field: string, message: string): void {
    this.count++;
    if (this.count <= MAX_REPORTED) this.fields[field] = [message];
  }

  get full(): boolean {
    return this.count >= MAX_REPORTED;
  }

  throwIfAny(): void {
    if (!this.count) return;
    const [first] = Object.entries(this.fields);
    const more = this.count > 1 ? ` (and ${this.count - 1} more ${this.count === 2 ? "problem" : "problems"})` : "";
    throw new Invalid(`${first[0]}: ${first[1][0]}${more} Nothing was stored.`, this.fields);
  }
}

/**
 * What reading an upload's bytes came to, as plain data that crosses from a worker thread: the batch, or why
 * there is none (an Invalid's field messages would not survive being thrown across).
 */
export type BatchOutcome = { packed: PackedBatch } | { invalid: { message: string; fields: Record<string, string[]> } } | { malformed: string };

/**
 * A batch as columns: copying 10,000 contact objects between threads costs ~100 ms of CPU, most of it on the
 * receiving (main) thread; a few arrays of strings and numbers cost a few milliseconds.
 */
export interface PackedBatch {
  contactIds: string[];
  checksums: string[];
  jsons: string[];
  /** How many numbers each contact has, then all positions and numbers in contact order. */
  numberCounts: Int32Array;
  positions: Int32Array;
  numbers: string[];
  delete: string[];
}

export function readContactBatch(body: Uint8Array, plan: DialPlan): BatchOutcome {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  } catch {
    return { malformed: "The request body is not valid JSON." };
  }
  try {
    return { packed: pack(parseContactBatch(parsed, plan)) };
  } catch (err) {
    if (err instanceof Invalid) return { invalid: { message: err.message, fields: err.fields } };
    throw err;
  }
}

/** The batch of an outcome, or its problem thrown again. */
export function batchOf(outcome: BatchOutcome): ContactBatch {
  if ("malformed" in outcome) throw new Malformed(outcome.malformed);
  if ("invalid" in outcome) throw new Invalid(outcome.invalid.message, outcome.invalid.fields);
  return unpack(outcome.packed);
}

function pack(batch: ContactBatch): PackedBatch {
  const numbers = batch.upsert.flatMap((c) => c.numbers);
  return {
    contactIds: batch.upsert.map((c) => c.contactId),
    checksums: batch.upsert.map((c) => c.checksum),
    jsons: batch.upsert.map((c) => c.json),
    numberCounts: Int32Array.from(batch.upsert, (c) => c.numbers.length),
    positions: Int32Array.from(numbers, (n) => n.position),
    numbers: numbers.map((n) => n.number),
    delete: batch.delete,
  };
}

function unpack(p: PackedBatch): ContactBatch {
  let next = 0;
  const upsert = p.contactIds.map((contactId, i): StorableContact => {
    const numbers: ContactNumber[] = [];
    for (const end = next + p.numberCounts[i]; next < end; next++) numbers.push({ position: p.positions[next], number: p.numbers[next] });
    return { contactId, checksum: p.checksums[i], json: p.jsons[i], numbers };
  });
  return { upsert, delete: p.delete };
}

/** The request body of an upload, checked and made ready to store; Invalid when anything in it is wrong. */
export function parseContactBatch(body: unknown, plan: DialPlan): ContactBatch {
  const problems = new Problems();
  if (!isObject(body)) throw new Invalid("Send a JSON object {upsert: [contact…], delete: [contactId…]}.");
  const upsertIn = listOf(body, "upsert", problems);
  const deleteIn = listOf(body, "delete", problems);
  problems.throwIfAny();

  const upsert: StorableContact[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < upsertIn.length && !problems.full; i++) {
    const contact = storable(upsertIn[i], `upsert.${i}`, plan, problems);
    if (!contact) continue;
    if (seen.has(contact.contactId)) problems.add(`upsert.${i}.contactId`, "This contactId appears twice in the batch.");
    seen.add(contact.contactId);
    upsert.push(contact);
  }
  const deleted: string[] = [];
  for (let i = 0; i < deleteIn.length && !problems.full; i++) {
    const id = deleteIn[i];
    if (!isContactId(id)) problems.add(`delete.${i}`, `A contactId to delete must be a string of 1 to ${MAX_ID_LENGTH} characters.`);
    else if (seen.has(id)) problems.add(`delete.${i}`, "This contactId is also in upsert; send it in one of the two.");
    else deleted.push(id);
  }
  problems.throwIfAny();
  return { upsert, delete: deleted };
}

function listOf(body: Record<string, unknown>, field: "upsert" | "delete", problems: Problems): unknown[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) problems.add(field, `${field} must be a list.`);
  else if (value.length > MAX_CONTACTS_PER_DEVICE) problems.add(field, `A batch may hold at most ${MAX_CONTACTS_PER_DEVICE.toLocaleString("en-US")} items in ${field}.`);
  else return value;
  return [];
}

/** One contact of the batch, or undefined after adding its problems. */
function storable(contact: unknown, at: string, plan: DialPlan, problems: Problems): StorableContact | undefined {
  if (!isObject(contact)) {
    problems.add(at, "A contact must be a JSON object.");
    return undefined;
  }
  const before = problems.count;
  if (contact.contactId === undefined || contact.contactId === "") problems.add(`${at}.contactId`, "The contactId is required.");
  else if (!isContactId(contact.contactId)) problems.add(`${at}.contactId`, `The contactId must be a string of 1 to ${MAX_ID_LENGTH} characters.`);
  for (const key of Object.keys(contact)) {
    if (COMPUTED.has(key)) delete contact[key];
    else if (LISTS.has(key)) checkList(contact[key], `${at}.${key}`, problems);
    else if (key !== "contactId") checkString(contact[key], `${at}.${key}`, problems);
  }
  if (problems.count > before) return undefined;
  return {
    contactId: contact.contactId as string,
    checksum: typeof contact.checksum === "string" ? contact.checksum : "",
    json: JSON.stringify(contact),
    numbers: phoneNumbers(contact.contactEntries as Record<string, string>[] | undefined, plan),
  };
}

function checkList(value: unknown, at: string, problems: Problems): void {
  if (!Array.isArray(value)) return problems.add(at, "This must be a list of objects.");
  if (value.length > MAX_LIST_ITEMS) return problems.add(at, `This list may hold at most ${MAX_LIST_ITEMS} items.`);
  value.forEach((item, j) => {
    if (!isObject(item)) return problems.add(`${at}.${j}`, "This must be an object.");
    for (const key of Object.keys(item)) checkString(item[key], `${at}.${j}.${key}`, problems);
  });
}

function checkString(value: unknown, at: string, problems: Problems): void {
  if (typeof value !== "string") problems.add(at, "This must be a string.");
  else if (value.length > MAX_STRING_LENGTH) problems.add(at, `This must not be longer than ${MAX_STRING_LENGTH.toLocaleString("en-US")} characters.`);
}

/** The tel entries' numbers in E.164 digits, with their places; entries of other types (sip, email, url) are skipped. */
function phoneNumbers(entries: Record<string, string>[] | undefined, plan: DialPlan): ContactNumber[] {
  const numbers: ContactNumber[] = [];
  entries?.forEach((entry, position) => {
    if (!isTelEntry(entry) || !entry.uri) return;
    const number = normalizeNumber(entry.uri.replace(/^tel:/i, ""), plan);
    if (number.length >= 3) numbers.push({ position, number });
  });
  return numbers;
}

/** A phone number among a contact's entries: `type` tel, or no type and an `entryId` tel:… */
export function isTelEntry(entry: Record<string, string>): boolean {
  return entry.type !== undefined ? entry.type.toLowerCase() === "tel" : Boolean(entry.entryId?.startsWith("tel:"));
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isContactId = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= MAX_ID_LENGTH;
