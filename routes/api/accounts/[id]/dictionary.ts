// GET /api/accounts/<id>/dictionary (admin) — the account's dictionary, {key: value} ({} when empty).
import type { App } from "../../../../core/app.ts";
import type { SipCaller } from "../../../../core/accounts/authenticate.ts";
import { dictionaryOfAccount } from "../../../../core/accounts/dictionary.ts";
import { json } from "../../../../lib/http.ts";
import type { Handler } from "../../../../lib/router.ts";
import { apiError } from "../../../errors.ts";

export const renderError = apiError;

export const GET: Handler<App, SipCaller> = (_req, ctx) => json(dictionaryOfAccount(ctx.app.db, ctx.params.id));
