// GET /cisco/directory?key=K[,K2] (legacy /cisco/directory.php) — the phone's directoryURL (DESIGN §5.2):
// menu → search form → result pages; ?n=<number> is the MPP reverse lookup for a caller's name.
import type { App } from "../../core/app.ts";
import { callerLookup, directoryMenu, isLegacyModel, resultPage, searchForm, searchTooShort, type DirectoryContext } from "../../core/cisco/directory-pages.ts";
import { ciscoText } from "../../core/cisco/objects.ts";
import { PHONE_TEXTS } from "../../core/cisco/phone-texts.ts";
import { searchFilter } from "../../core/contacts/directory.ts";
import { xml } from "../../lib/http.ts";
import type { ErrorRenderer, Handler } from "../../lib/router.ts";
import type { KeyHolder } from "../guards.ts";

// The phone shows a CiscoIPPhoneText only with a 200, so the person at the phone reads what went wrong. The key
// guard's problems carry their title in directory.language. An address blocked for guessing keys keeps its 429 (and
// Retry-After): nothing a phone with the right key ever sees.
export const renderError: ErrorRenderer = (status, message, problem) =>
  xml(ciscoText(problem?.title ?? PHONE_TEXTS.en.phoneBook, message), status === 429 ? 429 : 200);

export const GET: Handler<App, KeyHolder> = (req, ctx) => {
  const { switchboard } = ctx.app.store.config;
  const query = ctx.query;
  const c: DirectoryContext = {
    db: ctx.app.db,
    search: ctx.app.directorySearch,
    baseUrl: `${switchboard.public_url}${ctx.path.endsWith(".php") ? "/cisco/directory.php" : "/cisco/directory"}`,
    keys: ctx.identity.keys,
    sources: ctx.identity.sources,
    plan: switchboard.directory.dial,
    texts: PHONE_TEXTS[switchboard.directory.language],
    legacyPhone: isLegacyModel(String(req.headers["x-ciscoipphonemodelname"] ?? "")),
  };
  const n = query.get("n");
  if (n !== null) return view(callerLookup(c, n));
  if (query.get("action") === "search") return view(searchForm(c));
  const q = query.get("q")?.trim() ?? "";
  const qn = query.get("qn")?.trim() ?? "";
  const paging = { after: query.get("after"), before: query.get("before"), start: query.get("start") };
  if (q || qn || query.has("q") || query.has("qn")) {
    const filter = searchFilter(qn || q, c.plan);
    if (!filter) return view(searchTooShort(c));
    return view(resultPage(c, { filter, search: { q: q || undefined, qn: qn || undefined }, ...paging }));
  }
  if (query.get("list") === "all" || query.has("after") || query.has("before")) {
    return view(resultPage(c, { filter: { kind: "all" }, search: {}, ...paging }));
  }
  return view(directoryMenu(c));
};

const view = (v: { body: string; headers: Record<string, string> }) => xml(v.body, 200, v.headers);
