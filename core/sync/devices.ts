// A Contact Sync identity's devices (DESIGN §5.5). A device id is the client's own name for its device and is looked
// up only among the caller's devices: another identity's device is "not found", never "forbidden".
import type { Db } from "../../db/open.ts";
import { deleteDevice, findDevice, listDevices, saveDevice, type SyncDevice, type SyncIdentity } from "../../db/sync-devices.ts";
import { Invalid, NotFound } from "../../lib/errors.ts";

const MAX_DEVICE_ID = 200;
const MAX_TEXT = 200;

export interface DeviceJson {
  id: string;
  name: string;
  platform: string;
  contact_count: number;
  updated_at: string;
}

export const deviceJson = (d: SyncDevice): DeviceJson => ({ id: d.device_id, name: d.name, platform: d.platform, contact_count: d.contact_count, updated_at: d.updated_at });

export function devicesJson(db: Db, who: SyncIdentity): { devices: DeviceJson[] } {
  return { devices: listDevices(db, who).map(deviceJson) };
}

/** The caller's device with this id; 404 when the caller has none by that id. */
export function requireDevice(db: Db, who: SyncIdentity, deviceId: string): SyncDevice {
  const device = findDevice(db, who, deviceId);
  if (!device) throw new NotFound(`There is no device ${JSON.stringify(deviceId.slice(0, MAX_DEVICE_ID))}; register it with PUT /sync/devices/{deviceId} first.`);
  return device;
}

/** PUT /sync/devices/{deviceId} {name?, platform?}: registers the device or renames it. */
export function putDevice(db: Db, who: SyncIdentity, deviceId: string, body: Record<string, unknown>): { device: DeviceJson; created: boolean } {
  const errors: Record<string, string[]> = {};
  if (!deviceId.trim() || deviceId.length > MAX_DEVICE_ID) errors.deviceId = [`The device id must be 1 to ${MAX_DEVICE_ID} characters.`];
  const text = (name: "name" | "platform"): string | undefined => {
    const v = body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") errors[name] = [`The ${name} must be a string.`];
    else if (v.length > MAX_TEXT) errors[name] = [`The ${name} must not be longer than ${MAX_TEXT} characters.`];
    return typeof v === "string" ? v.trim() : undefined;
  };
  const fields = { name: text("name"), platform: text("platform") };
  if (Object.keys(errors).length) throw new Invalid(Object.values(errors)[0][0], errors);
  const { device, created } = saveDevice(db, who, deviceId, fields);
  return { device: deviceJson(device), created };
}

/** DELETE /sync/devices/{deviceId}: the device and every contact it uploaded. */
export function removeDevice(db: Db, who: SyncIdentity, deviceId: string): void {
  deleteDevice(db, requireDevice(db, who, deviceId).id);
}
