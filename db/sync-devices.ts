// Contact Sync devices: each belongs to one identity (username, cloud_id); its device_id is the client's own name
// for it, unique only within the identity, so another identity's device is simply not found.
import { nowIso, statements, type Db } from "./open.ts";

export interface SyncIdentity {
  username: string;
  cloud_id: string;
}

export interface SyncDevice {
  id: number;
  device_id: string;
  name: string;
  platform: string;
  contact_count: number;
  created_at: string;
  updated_at: string;
}

/** A device with the identity it belongs to. */
export interface OwnedDevice extends SyncDevice, SyncIdentity {}

const COLUMNS = "id, device_id, name, platform, contact_count, created_at, updated_at";

const q = statements((db) => ({
  list: db.prepare(`SELECT ${COLUMNS} FROM sync_devices WHERE username = ? AND cloud_id = ? ORDER BY device_id`),
  find: db.prepare(`SELECT ${COLUMNS} FROM sync_devices WHERE username = ? AND cloud_id = ? AND device_id = ?`),
  insert: db.prepare(`INSERT INTO sync_devices (username, cloud_id, device_id, name, platform, created_at, updated_at)
    VALUES (@username, @cloud_id, @device_id, @name, @platform, @now, @now)`),
  update: db.prepare("UPDATE sync_devices SET name = @name, platform = @platform, updated_at = @now WHERE id = @id"),
  setCount: db.prepare("UPDATE sync_devices SET contact_count = ?, updated_at = ? WHERE id = ?"),
  remove: db.prepare("DELETE FROM sync_devices WHERE id = ?"),
  ofUser: db.prepare(`SELECT ${COLUMNS}, username, cloud_id FROM sync_devices WHERE username = ? ORDER BY updated_at DESC, id DESC`),
}));

export function listDevices(db: Db, who: SyncIdentity): SyncDevice[] {
  return q(db).list.all(who.username, who.cloud_id) as SyncDevice[];
}

export function findDevice(db: Db, who: SyncIdentity, deviceId: string): SyncDevice | undefined {
  return q(db).find.get(who.username, who.cloud_id, deviceId) as SyncDevice | undefined;
}

/** Creates the identity's device or changes its name and platform; `created` says which. */
export function saveDevice(db: Db, who: SyncIdentity, deviceId: string, f: { name?: string; platform?: string }): { device: SyncDevice; created: boolean } {
  return db.transaction(() => {
    const existing = findDevice(db, who, deviceId);
    const now = nowIso();
    if (existing) q(db).update.run({ id: existing.id, name: f.name ?? existing.name, platform: f.platform ?? existing.platform, now });
    else q(db).insert.run({ username: who.username, cloud_id: who.cloud_id, device_id: deviceId, name: f.name ?? "", platform: f.platform ?? "", now });
    return { device: findDevice(db, who, deviceId)!, created: !existing };
  })();
}

export function setDeviceContactCount(db: Db, id: number, count: number, at: string): void {
  q(db).setCount.run(count, at, id);
}

/** Deletes the device and (by cascade) its contacts. */
export function deleteDevice(db: Db, id: number): boolean {
  return q(db).remove.run(id).changes > 0;
}

/** Every device of a SIP user (user@host), whatever the cloud ID: the most recently changed first. */
export function listDevicesOfUser(db: Db, username: string): OwnedDevice[] {
  return q(db).ofUser.all(username) as OwnedDevice[];
}
