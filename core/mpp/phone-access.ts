// May this address get profiles? One answer for every transport that serves them (HTTP's `phone` guard, TFTP):
// a phone's ip_address or an ip_whitelist entry (single addresses and CIDR ranges). In discovery mode any address
// passes, because collecting unknown phones' defaults is the point; what such a phone may have is decided by
// core/mpp/provision.ts.
import { Forbidden } from "../../lib/errors.ts";
import { log, oneLine } from "../../lib/log.ts";
import type { Config } from "../config/store.ts";

export interface PhoneAccessRequest {
  clientIp: string;
  /** What was asked, for the refusal's log line: `GET /x.xml`, `TFTP x.xml`. */
  request: string;
  userAgent: string;
}

/** Throws Forbidden (logged with what was asked) unless the client may reach the phones' endpoints. */
export function admitPhone(config: Config, r: PhoneAccessRequest): void {
  if (config.service.discovery.enabled || config.allowlist.has(r.clientIp)) return;
  log.warn(`phone request ${oneLine(r.request)} refused for ${r.clientIp} (not in ip_whitelist or phones.yml) UA "${oneLine(r.userAgent)}"`);
  throw new Forbidden(`Access denied: ${r.clientIp} is not an allowed phone address`);
}
