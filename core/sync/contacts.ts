// A device's address book (DESIGN §5.5): checksums first, then an upload of only what changed, in one transaction;
// and the contacts back, smart contacts marked: a contact whose phone number belongs to someone else on this server
// (another identity's verified number, a SIP account's phone) has `onNet: true` and that someone's `sipUri`.
import type { Db } from "../../db/open.ts";
import { contactChecksumsJson, countContacts, onNetNumbers, syncedContacts, writeContacts } from "../../db/sync-contacts.ts";
import { setDeviceContactCount, type SyncDevice, type SyncIdentity } from "../../db/sync-devices.ts";
import { Invalid } from "../../lib/errors.ts";
import type { SwitchboardConfig } from "../config/switchboard.ts";
import type { ContactBatchParser } from "./contact-batch-parser.ts";
import { MAX_CONTACTS_PER_DEVICE } from "./contact-batch.ts";
import { syncDialPlan } from "./dial-plan.ts";
import { requireDevice } from "./devices.ts";
import { followUpload } from "./directory-source.ts";

/** The largest upload a device may send (about 20,000 typical contacts). */
export const UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * GET …/checksums: `{contactId: checksum}` of every contact of the device, as JSON text. Every sync starts with it,
 * so SQLite writes it (json_group_object): for 10,000 contacts several times cheaper than rows built into JSON
 * here (and a contactId such as "__proto__" is a key like any other).
 */
export function checksumsJsonText(db: Db, device: SyncDevice): string {
  return contactChecksumsJson(db, device.id);
}

/**
 * POST …/contacts {upsert, delete}: checked whole (one bad contact rejects the batch), then written in one
 * transaction that also sets the device's contact count and, when the device is shared, changes its directory
 * source alike; answered once committed.
 */
export async function uploadContacts(db: Db, parser: ContactBatchParser, config: SwitchboardConfig, who: SyncIdentity, device: SyncDevice, body: Buffer): Promise<{ contact_count: number }> {
  const batch = await parser.parse(body, syncDialPlan(config));
  const at = new Date().toISOString();
  const count = db.transaction(() => {
    // The device may have been deleted while the upload was read.
    const current = requireDevice(db, who, device.device_id);
    writeContacts(db, current.id, batch.upsert, batch.delete, at);
    const total = countContacts(db, current.id);
    if (total > MAX_CONTACTS_PER_DEVICE) {
      throw Invalid.field("upsert", `A device holds at most ${MAX_CONTACTS_PER_DEVICE.toLocaleString("en-US")} contacts; this batch would make ${total.toLocaleString("en-US")}. Nothing was stored.`);
    }
    setDeviceContactCount(db, current.id, total, at);
    followUpload(db, config.directory.dial, current.id, batch.upsert, batch.delete, at);
    return total;
  })();
  return { contact_count: count };
}

/**
 * GET …/contacts[?since=]: the device's contacts as uploaded, with onNet and sipUri. `since` (the synced_at of an
 * earlier answer) limits them to contacts changed since; deleted contacts show as missing from the checksums.
 */
export function contactsJson(db: Db, who: SyncIdentity, device: SyncDevice, since: string | null): { contacts: Record<string, unknown>[]; synced_at: string } {
  const from = since === null ? "" : sinceIso(since);
  // Taken before reading: a contact written after it is sent again next time rather than missed.
  const syncedAt = new Date().toISOString();
  const onNet = new Map<number, { position: number; uri: string }>();
  for (const n of onNetNumbers(db, device.id, who.username, from)) {
    const uri = n.account_uri ?? n.identity_uri!;
    const best = onNet.get(n.contact);
    // The contact's first number (in its own order) that is on the net names whom to call.
    if (!best || n.position < best.position) onNet.set(n.contact, { position: n.position, uri });
  }
  const contacts = syncedContacts(db, device.id, from).map((row) => {
    const contact = JSON.parse(row.contact) as Record<string, unknown>;
    const match = onNet.get(row.id);
    contact.onNet = Boolean(match);
    if (match) contact.sipUri = match.uri;
    return contact;
  });
  return { contacts, synced_at: syncedAt };
}

function sinceIso(since: string): string {
  const t = Date.parse(since);
  if (Number.isNaN(t)) throw Invalid.field("since", "since must be a date and time (ISO 8601), such as the synced_at of an earlier answer.");
  return new Date(t).toISOString();
}
