// Profiles over TFTP (README "Provisioning over TFTP"): a phone that DHCP option 66/150 sends to a plain address
// asks for /$PSN.xml or /<MAC>.xml by TFTP. It gets exactly what GET /<id>.xml gives: the same allowlist
// (phone-access.ts), the same decision, sightings, metrics and logs (provision.ts). A TFTP request carries no
// User-Agent, so the file name identifies the phone, then the client's address (identify.ts's rules).
import { NotFound, Unavailable } from "../../lib/errors.ts";
import { log } from "../../lib/log.ts";
import { TftpServer, type TftpReadRequest } from "../../lib/tftp-server.ts";
import type { App } from "../app.ts";
import { tftpLimits, type TftpSettings } from "../config/tftp-settings.ts";
import { admitPhone } from "./phone-access.ts";
import { answerProfileRequest } from "./provision.ts";

/** The profile's bytes for a TFTP read of `<id>.xml`, as HTTP would send them. */
export function profileOverTftp(app: App, r: TftpReadRequest): Buffer {
  // As the HTTP route `/:id.xml`: any other name is no profile, refused before the allowlist and uncounted.
  if (!r.filename.endsWith(".xml") || r.filename.length === ".xml".length) throw new NotFound("File not found");
  const started = process.hrtime.bigint();
  try {
    admitPhone(app.store.config, { clientIp: r.clientIp, request: `TFTP ${r.filename}`, userAgent: "" });
    const answer = answerProfileRequest(app, { id: r.filename.slice(0, -".xml".length), userAgent: "", clientIp: r.clientIp });
    return typeof answer.body === "string" ? Buffer.from(answer.body, "utf8") : Buffer.concat(answer.body);
  } finally {
    // Time to the answer, as for HTTP; the transfer after it goes at the phone's pace.
    app.metrics.configDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }
}

/** The TFTP listener: started by the server when switchboard.yml `tftp.enabled` is true, closed with the app. */
export class TftpProvisioning {
  private server?: TftpServer;
  private listeningWith?: string;

  constructor(private readonly app: () => App) {}

  /** Listens as `settings` say (nothing when not enabled); rejects with the bind error. */
  async start(settings: TftpSettings): Promise<void> {
    if (!settings.enabled || this.server) return;
    const server = new TftpServer({ limits: tftpLimits(settings), read: (r) => profileOverTftp(this.app(), r) });
    try {
      await server.listen(settings.port, settings.host);
    } catch (err) {
      throw new Unavailable(listenProblem(settings, err as NodeJS.ErrnoException));
    }
    this.server = server;
    this.listeningWith = JSON.stringify(settings);
    log.info(`TFTP: profiles on ${settings.host} port ${server.port}`);
    this.app().store.onReload((config) => {
      if (JSON.stringify(config.switchboard.tftp) !== this.listeningWith) log.warn("switchboard.yml tftp: changed; the change takes effect when the server restarts");
    });
  }

  /** The bound port while listening (the system's pick for port 0). */
  get port(): number | undefined {
    return this.server?.port;
  }

  async close(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}

/** One line for the admin: why TFTP could not listen, and what to do. */
function listenProblem({ host, port }: TftpSettings, err: NodeJS.ErrnoException): string {
  if (err.code === "EACCES") return `TFTP: not allowed to listen on port ${port}: give node CAP_NET_BIND_SERVICE (README "Provisioning over TFTP") or set tftp.port above 1023.`;
  if (err.code === "EADDRINUSE") return `TFTP: port ${port} on ${host} is already in use (another TFTP server?): stop it or set tftp.port in switchboard.yml.`;
  if (err.code === "EADDRNOTAVAIL") return `TFTP: ${host} is not an address of this machine: set tftp.host in switchboard.yml.`;
  return `TFTP: could not listen on ${host} port ${port}: ${err.message}`;
}
