// GET /vcard?key=K[,K2][&version=4.0] (legacy /vcard.php) — the phone book as a .vcf download (DESIGN §5.3).
import type { App } from "../core/app.ts";
import { phoneBookVCards, type VCardVersion } from "../core/contacts/vcard.ts";
import { HttpError, reply } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";
import type { KeyHolder } from "./guards.ts";

export const renderError = pageError;

export const GET: Handler<App, KeyHolder> = (_req, ctx) => {
  const version = ctx.query.get("version") ?? "3.0";
  if (version !== "3.0" && version !== "4.0") throw new HttpError(400, "version must be 3.0 or 4.0.");
  const body = phoneBookVCards(ctx.app.db, ctx.identity.sources, version as VCardVersion);
  return reply(200, body, "text/vcard; charset=utf-8", { "Content-Disposition": 'attachment; filename="contacts.vcf"' });
};
