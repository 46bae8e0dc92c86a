// GET /vcard?key=K[,K2][&version=4.0] (legacy /vcard.php) — the phone book as a .vcf download (DESIGN §5.3).
import type { App } from "../core/app.ts";
import { PhoneBookError, sourcesForKeys } from "../core/contacts/directory.ts";
import { contactToVCard, type VCardVersion } from "../core/contacts/vcard.ts";
import { listContacts } from "../db/contacts.ts";
import { HttpError, reply } from "../lib/http.ts";
import type { Handler } from "../lib/router.ts";
import { pageError } from "./errors.ts";

export const renderError = pageError;
const BATCH = 1000;

export const GET: Handler<App> = (_req, ctx) => {
  const version = ctx.query.get("version") ?? "3.0";
  if (version !== "3.0" && version !== "4.0") throw new HttpError(400, "version must be 3.0 or 4.0.");
  let sources;
  try {
    sources = sourcesForKeys(ctx.app.db, ctx.query.get("key"));
  } catch (err) {
    if (err instanceof PhoneBookError) throw new HttpError(404, err.message);
    throw err;
  }
  const cards: string[] = [];
  for (const source of sources) {
    for (let offset = 0; ; offset += BATCH) {
      const batch = listContacts(ctx.app.db, [source.id], offset, BATCH);
      for (const c of batch) cards.push(contactToVCard(c, source.key, version as VCardVersion));
      if (batch.length < BATCH) break;
    }
  }
  return reply(200, cards.join(""), "text/vcard; charset=utf-8", { "Content-Disposition": 'attachment; filename="contacts.vcf"' });
};
