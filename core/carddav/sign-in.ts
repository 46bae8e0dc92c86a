// Signing in to the address books (DESIGN §5.3): HTTP Basic with any username and a phone-book key as password,
// or a serviceconfig.yml user (admin or user role), who reads every book. Wrong keys count against the address
// in the same limiter as ?key= (App.keyFailures); a blocked address is refused before any key is looked up.
// Users go through signIn (its own limiter, remembered credentials).
import { parseBasicAuth } from "../../lib/basic-auth.ts";
import { Unauthenticated } from "../../lib/errors.ts";
import type { App } from "../app.ts";
import { signIn, spendPasswordCheck } from "../auth/roles.ts";
import { refuseBlockedKeyGuesser } from "../contacts/directory.ts";
import { sourcesOfKey } from "../contacts/phone-books.ts";
import type { AddressBookReader } from "./books.ts";

export const CARDDAV_CHALLENGE = 'Basic realm="Switchboard address books", charset="UTF-8"';
const WRONG = "Wrong username or password. Use the phone book's key as the password (any username), or your Switchboard sign-in.";

export async function signInToAddressBooks(app: App, authorization: string | undefined, clientIp: string): Promise<AddressBookReader> {
  const caller = { failures: app.keyFailures, clientIp };
  refuseBlockedKeyGuesser(caller);
  const creds = parseBasicAuth(authorization);
  if (!creds) throw new Unauthenticated("Sign in with the phone book's key as the password.", [CARDDAV_CHALLENGE]);
  if (creds.password && sourcesOfKey(app.db, creds.password)) return { kind: "key", key: creds.password };
  const { auth } = app.store.config.service;
  if (auth.enabled && auth.users.some((u) => u.username === creds.username)) {
    const user = await signIn(app, authorization, clientIp, ["user"]);
    return { kind: "user", username: user.username };
  }
  // Neither a key nor a user: as slow as a user's wrong password, so the answer does not tell which usernames exist.
  app.keyFailures.recordFailure(clientIp);
  await spendPasswordCheck(creds.password);
  throw new Unauthenticated(WRONG, [CARDDAV_CHALLENGE]);
}
