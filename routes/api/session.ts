// /api/session — the self-service pages' sign-in (README "Account self-service"). POST {username, password}: a new
// session cookie for the SIP account (the browser's previous session ends: rotated at each sign-in). DELETE: sign
// out. Only our own pages may call it (ownPagesOnly: an Origin of ours and a JSON body), so another site can neither
// sign a browser in to an account of its choosing nor out.
import type { App } from "../../core/app.ts";
import { signInToPanel, signOutOfPanel } from "../../core/accounts/web-sessions.ts";
import { json, parseCookies, readJsonObject } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";
import { noApiKeyCookie, SESSION_COOKIE, sessionCookie } from "../guards.ts";

export const renderError = apiError;

const NO_STORE = { "Cache-Control": "no-store" };

export const POST: Handler<App> = async (req, ctx) => {
  const { db, store, ssoFailures } = ctx.app;
  const previous = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  const signedIn = await signInToPanel(db, store.config.switchboard.accounts, ssoFailures, await readJsonObject(req), ctx.clientIp, previous);
  const { id, username, domain } = signedIn.account;
  const reply = json({ id, username, domain }, 200, NO_STORE);
  return { ...reply, headers: { ...reply.headers, "Set-Cookie": sessionCookie(ctx.app, signedIn.token, signedIn.maxAgeSeconds) } };
};

/** Ends the session and forgets the API key cookie GET /api/accounts/me/api_key may have set in this browser. */
export const DELETE: Handler<App> = (req, ctx) => {
  signOutOfPanel(ctx.app.db, parseCookies(req.headers.cookie).get(SESSION_COOKIE));
  const reply = json(true, 200, NO_STORE);
  return { ...reply, headers: { ...reply.headers, "Set-Cookie": [sessionCookie(ctx.app, "", 0), noApiKeyCookie] } };
};
