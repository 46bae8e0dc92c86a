// Who calls Web Service Contacts (/acrobits/contacts): a SIP account with its own username and password. An
// Acrobits app sends them as HTTP Basic (wsContactsAuthUsername / wsContactsAuthPassword filled with the account's
// placeholders); they are checked like every SIP sign-in (checkLocally, limitedSignIn). Digest and API keys go
// through the `sip` guard instead (routes/guards.ts).
import type { Db } from "../../db/open.ts";
import { parseBasicAuth, type SignInLimiter } from "../../lib/basic-auth.ts";
import type { SwitchboardConfig } from "../config/switchboard.ts";
import { checkLocally, limitedSignIn, splitUsername } from "../sync/sso.ts";

export interface SipUser {
  /** user@host, as Contact Sync names the identity's username. */
  sipAddress: string;
  /** After a Digest sign-in: the next challenge (see SipCaller). */
  challenges: string[];
}

export const BASIC_CHALLENGE = 'Basic realm="Switchboard", charset="UTF-8"';

/**
 * The SIP account of an `Authorization: Basic` header (user, user@host or sip:user@host; a bare user is one of
 * accounts.sip_domain); 401 with a Basic challenge when the password is wrong. Undefined when the header is not
 * Basic.
 */
export function signInWithBasic(db: Db, config: SwitchboardConfig, failures: SignInLimiter, authorization: string | undefined, clientIp: string): Promise<SipUser> | undefined {
  const credentials = parseBasicAuth((authorization ?? "").slice(0, 4096));
  if (!credentials) return undefined;
  const { user, host } = splitUsername(credentials.username.trim(), config.accounts.sip_domain);
  const sipAddress = `${user}@${host}`;
  const check = () => checkLocally(db, config.accounts, user, host, credentials.password);
  return limitedSignIn(failures, clientIp, sipAddress, check, [BASIC_CHALLENGE]).then(() => ({ sipAddress, challenges: [] }));
}
