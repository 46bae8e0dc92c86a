// What every route handler can reach: the live config, the database and the long-lived services. Every service
// is created here at start-up and closed in closeApp at shutdown; nothing keeps per-app state on the side.
import type { Db } from "../db/open.ts";
import { DirectorySearchCache, ORDER_FROM } from "../db/contact-search.ts";
import { StorageFaults } from "../db/storage-faults.ts";
import { WalCheckpointer } from "../db/wal-checkpointer.ts";
import { FailureLimiter, SignInLimiter } from "../lib/basic-auth.ts";
import { LinphoneDaemonClient } from "../lib/linphone-daemon.ts";
import { ACTIVATION_BLOCK_SECONDS } from "./accounts/activation.ts";
import { AccountCleanupScheduler } from "./accounts/cleanup-scheduler.ts";
import { FlexisipPusher } from "./accounts/flexisip-pusher.ts";
import { ProvisioningHooks } from "./accounts/provisioning-hooks.ts";
import { RESYNC_COOLDOWN_SECONDS } from "./accounts/resync-my-phone.ts";
import { CODE_REQUEST_BLOCK_SECONDS, CODE_REQUESTS } from "./accounts/sign-in-codes.ts";
import { SIGN_UP_ATTEMPTS, SIGN_UP_BLOCK_SECONDS, SIGN_UP_WINDOW_MS } from "./accounts/sign-up-limits.ts";
import { ensureInitialAdminPassword } from "./auth/initial-password.ts";
import type { ConfigStore } from "./config/store.ts";
import { KEY_BLOCK_SECONDS, WRONG_KEYS_ALLOWED } from "./contacts/directory.ts";
import { ContactSyncScheduler } from "./contacts/scheduler.ts";
import { ContactSync } from "./contacts/sync.ts";
import { FleetJobs } from "./fleet/jobs.ts";
import { MailSender } from "./messaging/mail-sender.ts";
import { SmsSender } from "./messaging/sms-sender.ts";
import { ActivityHistory } from "./mpp/activity.ts";
import { createMppMetrics, type MppMetrics } from "./mpp/metrics.ts";
import { activityGauges } from "./mpp/overview.ts";
import { ProfilePins } from "./mpp/profile-history.ts";
import { ProfileVersionRecorder } from "./mpp/profile-versions.ts";
import { createReportParser, type ReportParser } from "./mpp/report-ingest.ts";
import { SightingBuffer } from "./mpp/sightings.ts";
import { TftpProvisioning } from "./mpp/tftp-provisioning.ts";
import { createContactBatchParser, type ContactBatchParser } from "./sync/contact-batch-parser.ts";
import { SSO_BLOCK_SECONDS } from "./sync/sso.ts";

export interface App {
  store: ConfigStore;
  db: Db;
  /** SQLite failures (disk full, read-only, I/O error, busy): 503 for the request, degraded /health for a while. */
  storage: StorageFaults;
  startedAt: Date;
  instance?: string;
  publicDir: string;
  /** Config-request sightings, flushed to SQLite about once a second. */
  sightings: SightingBuffer;
  /** Which profile each phone is given, stored just after start and at each reload (drift's "not resynced"). */
  profileVersions: ProfileVersionRecorder;
  /** Phones pinned to an earlier profile version (README "Profile history and pinning"), kept in memory. */
  pins: ProfilePins;
  /** Resync and reboot jobs (README "Remote resync and reboot"): one at a time, progress kept in memory. */
  fleetJobs: FleetJobs;
  metrics: MppMetrics;
  /** Config requests, reports and firmware upgrades per hour (counted with the metrics), flushed like sightings. */
  activity: ActivityHistory;
  /** Phone reports are parsed in worker threads (started on first use). */
  reportParser: ReportParser;
  /** Failed HTTP Basic sign-ins (serviceconfig.yml users), per client address and per username. */
  signInFailures: SignInLimiter;
  /** Wrong Digest answers of the SIP account API, per client address and per account. */
  sipSignInFailures: SignInLimiter;
  /** Failed authenticationURL checks, per client address and per UserID. */
  phoneAuthFailures: SignInLimiter;
  /** Wrong phone-book keys (/vcard, /cisco/directory, /?key=), per client address. */
  keyFailures: FailureLimiter;
  /** Wrong account confirmation keys (a phone key has 4 digits), per SIP address. */
  activationFailures: FailureLimiter;
  /** Self-service resyncs per phone MAC: each one blocks the next for RESYNC_COOLDOWN_SECONDS. */
  phoneResyncs: FailureLimiter;
  /** Contact-source syncs, one at a time per source. */
  contactSync: ContactSync;
  /** Syncs every source on schedule; only started when asked (the server's main(), not tests). */
  scheduler: ContactSyncScheduler;
  /** Directory search plans and book sizes, kept until a sync changes a book. */
  directorySearch: DirectorySearchCache;
  /** Deletes expired API keys and old Digest nonces; only started when asked (the server's main(), not tests). */
  accountCleanup: AccountCleanupScheduler;
  /** Runs flexisip_pusher for account creation tokens sent by push (a few at a time). */
  pusher: FlexisipPusher;
  /** SIP messages go through the linphone-daemon's socket, one command at a time. */
  linphoneDaemon: LinphoneDaemonClient;
  /** config/provisioning-hooks.ts, loaded at start (startServer awaits it) and again after each config reload. */
  provisioningHooks: ProvisioningHooks;
  /** Mail through switchboard.yml `mail.smtp` (confirmation keys and codes); refuses with 503 when none is set. */
  mail: MailSender;
  /** SMS through switchboard.yml `sms` (a webhook or a command); refuses with 503 when neither is set. */
  sms: SmsSender;
  /** Failed Contact Sync sign-ins (POST /sso/token), per client address and per username. */
  ssoFailures: SignInLimiter;
  /** Sign-up steps without an admin (request tokens, creations with a token), per client address and per username. */
  signUpAttempts: SignInLimiter;
  /** Requests for a self-service sign-in code (POST /api/session/code), per client address and per name asked for. */
  signInCodeRequests: SignInLimiter;
  /** Large Contact Sync uploads are read in worker threads (started on first use). */
  contactBatchParser: ContactBatchParser;
  /** Profiles over TFTP; listening only once the server starts it (switchboard.yml `tftp.enabled`). */
  tftp: TftpProvisioning;
  /** Copies the WAL back into the database from a worker thread; only started when asked (main(), not tests). */
  walCheckpointer: WalCheckpointer;
}

export interface AppOptions {
  publicDir: string;
  instance?: string;
}

export function createApp(store: ConfigStore, db: Db, o: AppOptions): App {
  const contactSync = new ContactSync(db, () => store.config.switchboard);
  const startedAt = new Date();
  const storage = new StorageFaults();
  // The gauges are read from the app at scrape time.
  const activity = new ActivityHistory(db, storage);
  const metrics = createMppMetrics(startedAt, () => activityGauges(app), activity);
  const sightings = new SightingBuffer(db, undefined, storage);
  const app: App = {
    store,
    db,
    storage,
    startedAt,
    instance: o.instance,
    publicDir: o.publicDir,
    sightings,
    profileVersions: new ProfileVersionRecorder(db, store, sightings),
    pins: new ProfilePins(db, store),
    fleetJobs: new FleetJobs(() => app),
    reportParser: createReportParser(),
    // 10 failures a minute from one address, or for one username, block it for a minute.
    signInFailures: new SignInLimiter(10, 60_000, 60_000),
    sipSignInFailures: new SignInLimiter(10, 60_000, 60_000),
    phoneAuthFailures: new SignInLimiter(10, 60_000, 60_000),
    keyFailures: new FailureLimiter(WRONG_KEYS_ALLOWED, 600_000, KEY_BLOCK_SECONDS * 1000),
    // 10 wrong keys within 10 minutes block the address for ACTIVATION_BLOCK_SECONDS.
    activationFailures: new FailureLimiter(10, 600_000, ACTIVATION_BLOCK_SECONDS * 1000),
    phoneResyncs: new FailureLimiter(0, RESYNC_COOLDOWN_SECONDS * 1000, RESYNC_COOLDOWN_SECONDS * 1000),
    contactSync,
    scheduler: new ContactSyncScheduler(contactSync, store),
    directorySearch: new DirectorySearchCache(),
    accountCleanup: new AccountCleanupScheduler(db, store),
    pusher: new FlexisipPusher(() => store.config.switchboard.push),
    linphoneDaemon: new LinphoneDaemonClient(),
    provisioningHooks: new ProvisioningHooks(store),
    mail: new MailSender(() => store.config.switchboard.mail),
    sms: new SmsSender(() => store.config.switchboard.sms),
    // 10 failed sign-ins within 5 minutes block the address, or the username, for SSO_BLOCK_SECONDS.
    ssoFailures: new SignInLimiter(10, 300_000, SSO_BLOCK_SECONDS * 1000),
    signUpAttempts: new SignInLimiter(SIGN_UP_ATTEMPTS, SIGN_UP_WINDOW_MS, SIGN_UP_BLOCK_SECONDS * 1000),
    signInCodeRequests: new SignInLimiter(CODE_REQUESTS, 600_000, CODE_REQUEST_BLOCK_SECONDS * 1000),
    contactBatchParser: createContactBatchParser(),
    tftp: new TftpProvisioning(() => app),
    walCheckpointer: new WalCheckpointer(db),
    metrics,
    activity,
  };
  // The big phone books' orders held in memory for the directory's searches (db/directory-order.ts).
  const held = () => app.directorySearch.ordersHeld();
  metrics.registry.gauge("directory_orders_in_memory", `Contact sources whose directory order is held in memory (those of ${ORDER_FROM} contacts or more)`, [], (g) => g.set(held().count));
  metrics.registry.gauge("directory_order_memory_bytes", "Memory held by the directory orders and the words of their names, in bytes", [], (g) => g.set(held().bytes));
  store.onReload(() => void app.provisioningHooks.load());
  // An admin without a password of its own (the example's change-me) gets a generated one, printed once.
  ensureInitialAdminPassword(db, store.config.service.auth);
  store.onReload((config) => void ensureInitialAdminPassword(db, config.service.auth));
  return app;
}

/** Stops what runs in the background and writes what is still in memory; the caller closes the database after. */
export async function closeApp(app: App): Promise<void> {
  await app.tftp.close();
  await app.fleetJobs.close();
  await app.scheduler.stop();
  app.accountCleanup.stop();
  app.linphoneDaemon.close();
  app.pusher.close();
  app.mail.close();
  await app.contactSync.idle();
  await app.reportParser.close();
  await app.contactBatchParser.close();
  await app.directorySearch.close();
  app.profileVersions.stop();
  app.sightings.stop();
  app.activity.stop();
  app.metrics.stop();
  await app.walCheckpointer.stop();
}
