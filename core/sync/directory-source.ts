// A Contact Sync device's address book in the phone directory (README "Directory integration"). The identity that
// owns the device shares it — its own contacts, its own consent — and gets a phone-book key: a contact source of
// provider sync-device whose contacts are the device's, built like every provider's (buildContact), so the Cisco
// directory, the dialer, vCards and CardDAV read them as any other source. The link runs one way: each upload is
// applied to the source in the upload's transaction; nothing flows back to the device. Deleting the device deletes
// the source and its contacts (a foreign key cascade), unsharing deletes the source, and an admin may delete the
// source like any other. A device is found only among the caller's own (requireDevice), so no other identity can
// share, see or stop sharing it.
import { applyContactChanges, replaceContacts, type StoredContact } from "../../db/contacts.ts";
import {
  createSource, deleteSource, findSourceOfDevice, getSourceById, recordSyncSuccess, type ContactSource,
} from "../../db/contact-sources.ts";
import type { Db } from "../../db/open.ts";
import { syncedContacts } from "../../db/sync-contacts.ts";
import type { SyncIdentity } from "../../db/sync-devices.ts";
import { NotFound } from "../../lib/errors.ts";
import { buildContact } from "../contacts/build.ts";
import { newSourceKey } from "../contacts/connect.ts";
import type { DialPlan } from "../contacts/normalize.ts";
import { draftOfSyncedContact } from "./contact-draft.ts";
import { requireDevice } from "./devices.ts";

export interface DirectorySourceJson {
  /** The phone-book key: `?key=` of the Cisco directory, the dialer, /vcard, CardDAV and /acrobits/contacts. */
  key: string;
  label: string;
  contact_count: number;
  created_at: string;
}

const sourceJson = (s: ContactSource): DirectorySourceJson => ({ key: s.key, label: s.label, contact_count: s.contact_count, created_at: s.created_at });

/** GET …/directory: the device's source; 404 while it is not shared. */
export function directorySourceOf(db: Db, who: SyncIdentity, deviceId: string): DirectorySourceJson {
  const source = findSourceOfDevice(db, requireDevice(db, who, deviceId).id);
  if (!source) throw new NotFound("This device's contacts are not in the directory; share them with PUT first.");
  return sourceJson(source);
}

/**
 * PUT …/directory: shares the device (a new source with every contact it holds now) or, when it is shared already,
 * answers its source as it is. The directory uses `plan` (directory.dial) for its numbers, as for every source.
 */
export function shareDevice(db: Db, plan: DialPlan, who: SyncIdentity, deviceId: string): { source: DirectorySourceJson; created: boolean } {
  return db.transaction(() => {
    const device = requireDevice(db, who, deviceId);
    const existing = findSourceOfDevice(db, device.id);
    if (existing) return { source: sourceJson(existing), created: false };
    const source = createSource(db, {
      key: newSourceKey(),
      provider: "sync-device",
      label: `${device.name || device.device_id} (${who.username})`.slice(0, 100),
      account_id: who.username,
      sync_device: device.id,
    });
    const contacts = syncedContacts(db, device.id).map((row) => stored(row.contact, row.updated_at, plan));
    replaceContacts(db, source.id, contacts);
    recordSyncSuccess(db, source.id);
    return { source: sourceJson(getSourceById(db, source.id)!), created: true };
  })();
}

/** DELETE …/directory: the device leaves the directory (its source and the source's contacts are deleted). */
export function unshareDevice(db: Db, who: SyncIdentity, deviceId: string): void {
  const source = findSourceOfDevice(db, requireDevice(db, who, deviceId).id);
  if (!source) throw new NotFound("This device's contacts are not in the directory.");
  deleteSource(db, source.id);
}

/**
 * An upload's changes, applied to the device's source when it has one: called inside the upload's transaction,
 * so the directory holds the device's contacts as committed, never half an upload.
 */
export function followUpload(db: Db, plan: DialPlan, syncDevice: number, upserts: { json: string }[], deleted: string[], at: string): void {
  const source = findSourceOfDevice(db, syncDevice);
  if (!source) return;
  applyContactChanges(db, source.id, upserts.map((c) => stored(c.json, at, plan)), deleted);
  recordSyncSuccess(db, source.id);
}

function stored(json: string, updatedAt: string, plan: DialPlan): StoredContact {
  return buildContact(draftOfSyncedContact(JSON.parse(json) as Record<string, unknown>, updatedAt), plan);
}
