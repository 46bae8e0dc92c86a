// Syncing one contact source: a valid access token (refreshed 60 s before expiry), the provider's contacts,
// one transaction to store them. On any failure the stored contacts stay as they were and the source records
// the error; a refresh token the provider refuses marks the source "needs reconnect".
import { applyContactChanges, replaceContacts } from "../../db/contacts.ts";
import {
  getSourceById, markNeedsReconnect, recordSyncFailure, recordSyncSuccess, saveDeltaState, saveTokens, type ContactSource,
} from "../../db/contact-sources.ts";
import type { Db } from "../../db/open.ts";
import { log } from "../../lib/log.ts";
import { OAuthError, refreshTokens, type Tokens } from "../../lib/oauth2.ts";
import type { SwitchboardConfig } from "../config/switchboard.ts";
import { apiUrlOf, isOAuthProvider, oauthClient, upstreamLimits, type OAuthProvider } from "./oauth-providers.ts";
import { fetchFritzboxPhonebook } from "./providers/fritzbox.ts";
import { syncGraph } from "./providers/graph.ts";
import { fetchSipgateContacts } from "./providers/sipgate.ts";
import { UpstreamError } from "./upstream.ts";

export const REFRESH_MARGIN_MS = 60_000;

export interface SyncOutcome {
  ok: boolean;
  error?: string;
  status: ContactSource["status"];
  contact_count: number;
}

class NeedsReconnectError extends Error {}

/**
 * Runs contact-source syncs, one at a time per source: sipgate invalidates a refresh token once used, so two
 * refreshes racing with the same token would disconnect the source. A second request joins the running sync.
 */
export class ContactSync {
  private readonly running = new Map<number, Promise<SyncOutcome>>();

  constructor(
    readonly db: Db,
    private readonly config: () => SwitchboardConfig,
  ) {}

  source(sourceId: number): Promise<SyncOutcome> {
    const existing = this.running.get(sourceId);
    if (existing) return existing;
    const p = runSync(this.db, this.config(), sourceId).finally(() => this.running.delete(sourceId));
    this.running.set(sourceId, p);
    return p;
  }

  /** Waits for the syncs in progress (their results are stored). */
  async idle(): Promise<void> {
    await Promise.all(this.running.values());
  }
}

async function runSync(db: Db, config: SwitchboardConfig, sourceId: number): Promise<SyncOutcome> {
  const source = getSourceById(db, sourceId);
  if (!source) return { ok: false, error: "The source no longer exists.", status: "error", contact_count: 0 };
  try {
    await pullContacts(db, config, source);
    recordSyncSuccess(db, source.id);
  } catch (err) {
    const message = describe(err);
    if (err instanceof NeedsReconnectError) markNeedsReconnect(db, source.id, message);
    else recordSyncFailure(db, source.id, message);
    log.warn(`contacts: sync of ${source.provider} source ${source.id} failed: ${message}`);
  }
  const after = getSourceById(db, sourceId);
  return { ok: after?.status === "ok", error: after?.last_error ?? undefined, status: after?.status ?? "error", contact_count: after?.contact_count ?? 0 };
}

function describe(err: unknown): string {
  if (err instanceof UpstreamError || err instanceof OAuthError || err instanceof NeedsReconnectError) return err.message;
  return `Unexpected error: ${(err as Error)?.message ?? String(err)}`;
}

async function pullContacts(db: Db, config: SwitchboardConfig, source: ContactSource): Promise<void> {
  const plan = config.directory.dial;
  if (source.provider === "fritzbox") {
    if (!source.source_url) return; // an uploaded book: nothing to fetch, the last upload stays
    replaceContacts(db, source.id, await fetchFritzboxPhonebook(source.source_url, plan, config.contacts.fritzbox_allowed_addresses, upstreamLimits(config).timeoutMs!));
    return;
  }
  if (!isOAuthProvider(source.provider)) return;
  const provider = source.provider;
  const api = apiUrlOf(config, provider);
  await withAccessToken(db, config, source, async (token) => {
    if (provider === "sipgate") {
      replaceContacts(db, source.id, await fetchSipgateContacts(api, token, plan, upstreamLimits(config)));
      return;
    }
    const fresh = getSourceById(db, source.id) ?? source;
    const result = await syncGraph(api, token, plan, fresh.delta_link, upstreamLimits(config));
    if (result.kind === "full") replaceContacts(db, source.id, result.contacts);
    else applyContactChanges(db, source.id, result.upserts, result.deleted);
    saveDeltaState(db, source.id, result.deltaState);
  });
}

/** Runs `work` with a valid access token; a 401 from the API gets one forced refresh and a retry. */
async function withAccessToken(db: Db, config: SwitchboardConfig, source: ContactSource, work: (token: string) => Promise<void>): Promise<void> {
  const token = await accessToken(db, config, source, false);
  try {
    await work(token);
  } catch (err) {
    if (!(err instanceof UpstreamError && err.status === 401)) throw err;
    await work(await accessToken(db, config, source, true));
  }
}

export async function accessToken(db: Db, config: SwitchboardConfig, source: ContactSource, force: boolean): Promise<string> {
  const current = getSourceById(db, source.id) ?? source;
  const expires = current.access_token_expires_at ? Date.parse(current.access_token_expires_at) : NaN;
  const fresh = current.access_token && (Number.isNaN(expires) ? !current.refresh_token : expires - REFRESH_MARGIN_MS > Date.now());
  if (fresh && !force) return current.access_token!;
  if (!current.refresh_token) {
    throw new NeedsReconnectError("There is no valid token for this source any more; connect it again on the Contact sources page.");
  }
  let tokens: Tokens;
  try {
    tokens = await refreshTokens(oauthClient(config, current.provider as OAuthProvider), current.refresh_token);
  } catch (err) {
    if (err instanceof OAuthError && (err.kind === "invalid_grant")) {
      throw new NeedsReconnectError(`The provider no longer accepts this source's refresh token (${err.message}); it was revoked or expired. Connect the source again on the Contact sources page.`);
    }
    throw err;
  }
  saveTokens(db, current.id, {
    access_token: tokens.accessToken,
    access_token_expires_at: tokens.expiresAt?.toISOString() ?? null,
    refresh_token: tokens.refreshToken,
  });
  return tokens.accessToken;
}
