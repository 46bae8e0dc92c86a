// Syncs every contact source every contacts.sync_interval_minutes, each at its own jittered time so a
// restart does not fire them all at once. After an error a source is retried sooner, then less and less
// often (1, 2, 4 … minutes, at most 2 hours). Sources that need a reconnect wait for an admin.
import { listSources } from "../../db/contact-sources.ts";
import { log } from "../../lib/log.ts";
import type { ConfigStore } from "../config/store.ts";
import { ensureConfiguredPhonebooks } from "./sources.ts";
import type { ContactSync } from "./sync.ts";

export const MAX_BACKOFF_MS = 2 * 3_600_000;

export interface SchedulerOptions {
  /** How often due sources are looked for (default 30 s). */
  tickMs?: number;
  random?: () => number;
}

interface Plan {
  nextAt: number;
  failures: number;
}

/** ±10 % around `ms`, so sources drift apart instead of syncing in lockstep. */
export function jittered(ms: number, random: () => number = Math.random): number {
  return Math.round(ms * (0.9 + 0.2 * random()));
}

export function backoffMs(failures: number, random: () => number = Math.random): number {
  return jittered(Math.min(60_000 * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS), random);
}

export class ContactSyncScheduler {
  private timer?: NodeJS.Timeout;
  private plans = new Map<number, Plan>();
  private current?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly sync: ContactSync,
    private readonly store: ConfigStore,
    private readonly o: SchedulerOptions = {},
  ) {}

  get started(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    this.stopped = false;
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.tick(), this.o.tickMs ?? 30_000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a sync in progress (its result is stored). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.current;
  }

  /** Syncs the sources that are due at `now`; a tick while one runs does nothing. */
  tick(now = Date.now()): Promise<void> {
    this.current ??= this.runDue(now).finally(() => (this.current = undefined));
    return this.current;
  }

  nextSyncAt(sourceId: number): number | undefined {
    return this.plans.get(sourceId)?.nextAt;
  }

  private async runDue(now: number): Promise<void> {
    const random = this.o.random ?? Math.random;
    const config = this.store.config.switchboard;
    const interval = Number(config.contacts.sync_interval_minutes) * 60_000;
    const { db } = this.sync;
    ensureConfiguredPhonebooks(db, config);
    const sources = listSources(db);
    const ids = new Set(sources.map((s) => s.id));
    for (const id of this.plans.keys()) if (!ids.has(id)) this.plans.delete(id);
    for (const s of sources) {
      if (this.stopped) return;
      if (s.status === "needs_reconnect") continue;
      let plan = this.plans.get(s.id);
      if (!plan) {
        const last = s.last_sync_at ? Date.parse(s.last_sync_at) : 0;
        plan = { nextAt: last + jittered(interval, random), failures: s.status === "error" ? 1 : 0 };
        this.plans.set(s.id, plan);
      }
      if (plan.nextAt > now) continue;
      try {
        const out = await this.sync.source(s.id);
        plan.failures = out.ok ? 0 : plan.failures + 1;
      } catch (err) {
        plan.failures++;
        log.error(`contacts: scheduled sync of source ${s.id} failed: ${(err as Error).message}`);
      }
      plan.nextAt = now + (plan.failures ? backoffMs(plan.failures, random) : jittered(interval, random));
    }
  }
}
