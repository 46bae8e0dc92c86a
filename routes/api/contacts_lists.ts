// /api/contacts_lists (admin) — GET: every contacts list, [{id, title, description, created_at, updated_at,
// contacts_count}]. POST {title, description}: a new list (201).
import type { App } from "../../core/app.ts";
import type { SipCaller } from "../../core/accounts/authenticate.ts";
import { createList } from "../../core/accounts/contacts-lists.ts";
import { listContactsLists } from "../../db/contacts-lists.ts";
import { json, readJsonObject } from "../../lib/http.ts";
import type { Handler } from "../../lib/router.ts";
import { apiError } from "../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(listContactsLists(ctx.app.db));

export const POST: Handler<App, SipCaller> = async (req, ctx) => json(createList(ctx.app.db, await readJsonObject(req)), 201);
