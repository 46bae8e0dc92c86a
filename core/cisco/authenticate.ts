// authenticationURL (DESIGN §5.2): a phone asks whether UserID/Password may push to devicename. The answer
// is checked against phones.yml (devicename, username, password), in constant time, with a failure limit.
import { safeEqual, type SignInLimiter } from "../../lib/basic-auth.ts";
import type { Config } from "../config/store.ts";

export interface PhoneCredentials {
  devicename: string;
  userId: string;
  password: string;
}

/** Every phone entry is compared, so the time taken does not reveal which device names exist. */
export function phoneCredentialsValid(config: Config, c: PhoneCredentials): boolean {
  let ok = false;
  for (const phone of config.phones) {
    if (!phone.devicename || !phone.username || !phone.password) continue;
    const device = safeEqual(phone.devicename.toUpperCase(), c.devicename.toUpperCase());
    const user = safeEqual(phone.username, c.userId);
    const pass = safeEqual(phone.password, c.password);
    if (device && user && pass) ok = true;
  }
  return ok;
}

/**
 * The phone's question answered, with failures counted per client address and per UserID: a blocked address or
 * UserID is refused unchecked, and a success clears only its UserID's count (one pusher's right password must not
 * reset the guesses made through the same phone).
 */
export function authorizePhoneUser(config: Config, failures: SignInLimiter, clientIp: string, c: PhoneCredentials): boolean {
  if (failures.isBlocked(clientIp, c.userId)) return false;
  const ok = phoneCredentialsValid(config, c);
  if (ok) failures.recordSuccess(c.userId);
  else failures.recordFailure(clientIp, c.userId);
  return ok;
}
