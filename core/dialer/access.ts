// Whether the browser asking is signed in to the dashboard as someone who may use the dialer (role user or admin),
// without asking it to sign in: pages that are open to everyone (the contacts viewer) offer the desk-phone dialer
// only then. A wrong password counts as a failed sign-in, as on any guarded page.
import { Problem } from "../../lib/errors.ts";
import { signIn, type SignInApp } from "../auth/roles.ts";

export async function mayUseDialer(app: SignInApp, authorization: string | undefined, clientIp: string): Promise<boolean> {
  if (app.store.config.service.auth.enabled && !authorization) return false;
  try {
    await signIn(app, authorization, clientIp, ["user"]);
    return true;
  } catch (err) {
    // Not signed in, not allowed, or blocked: the answer is simply no.
    if (err instanceof Problem) return false;
    throw err;
  }
}
