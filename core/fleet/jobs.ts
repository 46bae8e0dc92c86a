// Resync and reboot jobs (README "Remote resync and reboot"): one phone, a group or all, asked resync.concurrency
// at a time in the background — a request starts a job and returns at once, the page polls its progress (N of M
// done, failures with the phone's answer). One job runs at a time: a second is refused (409) until the first is
// done, so two admins cannot reboot the fleet twice over. The newest KEPT_JOBS jobs are kept in memory.
import { randomUUID } from "node:crypto";
import { addAuditEntry } from "../../db/audit-log.ts";
import { Conflict, Invalid } from "../../lib/errors.ts";
import { log } from "../../lib/log.ts";
import { AmiConnection } from "./ami.ts";
import { directActionUrl, sendDirectAction, type ActionOutcome, type PhoneAction } from "./direct-action.ts";
import { describeSelection, resolveTargets, type FleetApp, type FleetTarget, type Selection } from "./targets.ts";

export type Transport = "http" | "sip";

export interface JobRequest {
  action: PhoneAction;
  transport: Transport;
  selection: Selection;
  /** The admin's username, for the audit log. */
  by: string;
}

export interface FleetJob {
  id: string;
  action: PhoneAction;
  transport: Transport;
  target: string;
  started_by: string;
  started_at: string;
  finished_at: string | null;
  total: number;
  done: number;
  failures: { mac: string; name: string; answer: string }[];
  /** Asked all the same, but likely to fail: e.g. the profile does not enable direct action URLs. */
  warnings: { mac: string; name: string; warning: string }[];
}

const KEPT_JOBS = 20;

export class FleetJobs {
  private jobs = new Map<string, FleetJob>();
  private running?: Promise<void>;
  private stopping = false;

  constructor(private readonly app: () => FleetApp) {}

  /** Starts a job and returns it as it begins; Conflict while another runs. */
  start(r: JobRequest): FleetJob {
    if (this.running) throw new Conflict("A resync or reboot job is still running; wait until it is done.");
    const app = this.app();
    const settings = app.store.config.switchboard.resync;
    if (r.transport === "sip" && !settings.ami) throw Invalid.field("transport", "SIP NOTIFY needs resync.ami in switchboard.yml.");
    const targets = resolveTargets(app, r.selection);
    const job: FleetJob = {
      id: randomUUID(), action: r.action, transport: r.transport, target: describeSelection(r.selection), started_by: r.by,
      started_at: new Date().toISOString(), finished_at: null, total: targets.length, done: 0, failures: [], warnings: [],
    };
    if (r.transport === "http") {
      for (const t of targets) if (!t.directActionEnabled) job.warnings.push({ mac: t.mac, name: t.name, warning: "its profile does not set Enable_Direct_Action_Url: Yes" });
    }
    addAuditEntry(app.db, { at: job.started_at, username: r.by, action: r.action, target: job.target, detail: `${targets.length} phones over ${r.transport === "sip" ? "SIP NOTIFY" : "HTTP"}` });
    this.keep(job);
    this.running = this.run(job, targets).catch((err: Error) => log.error(`${job.action} job ${job.id} stopped: ${err.message}`)).finally(() => {
      job.finished_at = new Date().toISOString();
      this.running = undefined;
    });
    return job;
  }

  /** The kept jobs, newest first. */
  list(): FleetJob[] {
    return [...this.jobs.values()].reverse();
  }

  get(id: string): FleetJob | undefined {
    return this.jobs.get(id);
  }

  /** Resolves when the running job (if any) is done. */
  async idle(): Promise<void> {
    await this.running;
  }

  /** Stops taking new phones and waits for the ones being asked (each bounded by resync.timeout_seconds). */
  async close(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private keep(job: FleetJob): void {
    this.jobs.set(job.id, job);
    if (this.jobs.size > KEPT_JOBS) this.jobs.delete(this.jobs.keys().next().value!);
  }

  private async run(job: FleetJob, targets: FleetTarget[]): Promise<void> {
    const app = this.app();
    const { concurrency, timeout_seconds, ami } = app.store.config.switchboard.resync;
    const timeoutMs = timeout_seconds * 1000;
    const publicUrl = app.store.config.switchboard.public_url;
    let ask: (t: FleetTarget) => Promise<ActionOutcome>;
    let connection: AmiConnection | undefined;
    if (job.transport === "sip") {
      try {
        connection = await AmiConnection.open(ami!, timeoutMs);
      } catch (err) {
        for (const t of targets) job.failures.push({ mac: t.mac, name: t.name, answer: (err as Error).message });
        job.done = targets.length;
        return;
      }
      ask = async (t) => (t.sipEndpoint ? connection!.notify(t.sipEndpoint, job.action) : { ok: false, answer: "its profile sets no User_ID_1_ (the SIP endpoint)" });
    } else {
      ask = async (t) => (t.address
        ? sendDirectAction(directActionUrl(t.address, t.webPort, job.action, `${publicUrl}/${t.mac}.xml`), t.adminPassword, timeoutMs)
        : { ok: false, answer: "no address known: it has not fetched a profile and phones.yml sets no ip_address" });
    }
    let next = 0;
    const worker = async () => {
      while (next < targets.length && !this.stopping) {
        const t = targets[next++];
        const outcome = await ask(t);
        if (!outcome.ok) job.failures.push({ mac: t.mac, name: t.name, answer: outcome.answer });
        job.done++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker));
    connection?.close();
    const failed = job.failures.length ? `, ${job.failures.length} failed` : "";
    log.info(`${job.action} of ${job.target} by ${job.started_by}: ${job.done} of ${job.total} done${failed}`);
  }
}
