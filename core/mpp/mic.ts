// A phone proven by its certificate: MPP phones leave the factory with a certificate signed by Cisco (the MIC) whose
// subject names the phone. Cisco's MPP provisioning guide ("Client Certificate") shows the subject as
// `OU=CP-8841-3PCC, L=88012BA01234, S=000e08abcdef`: product name, serial number, and the MAC in the S
// (stateOrProvinceName, ST) element. Newer MICs name the phone in the CN instead (`CP-8851-3PCC-SEP001122334455`,
// or the bare MAC), so the CN is read when ST holds no MAC.
import { Forbidden } from "../../lib/errors.ts";
import { log, oneLine } from "../../lib/log.ts";
import type { ClientCertificate } from "../../lib/tls.ts";
import { formatMac, normalizeMac } from "./mac.ts";

// "SEP" and 12 hex digits at the end of the CN, or a CN that is only a MAC (fixed lengths: linear on any input).
const SEP_MAC = /SEP([0-9a-f]{12})$/i;

function first(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

/** The MAC a phone certificate's subject names, if any. */
export function macOfCertificate(subject: Record<string, string | string[]>): string | undefined {
  const st = normalizeMac(first(subject.ST).slice(0, 40));
  if (st) return st;
  const cn = first(subject.CN).slice(0, 100);
  const sep = SEP_MAC.exec(cn);
  return sep ? normalizeMac(sep[1]) : normalizeMac(cn);
}

/**
 * The MAC of the phone a verified client certificate proves. Forbidden when no certificate was presented, it is
 * not signed by a CA of tls.client_ca, or it names no MAC: such a client gets no profile over HTTPS, whatever
 * its address.
 */
export function provenPhoneMac(cert: ClientCertificate, clientIp: string): string {
  const refuse = (why: string): Forbidden => {
    log.warn(`phone request over HTTPS from ${clientIp} refused: ${oneLine(why, 200)}`);
    return new Forbidden(`Profiles are served over HTTPS only to a phone that presents its manufacturer certificate: ${why}.`);
  };
  if (!cert.verified) throw refuse(cert.subject ? `the client certificate is not signed by a CA of tls.client_ca (${cert.problem})` : "no client certificate was presented");
  const mac = macOfCertificate(cert.subject ?? {});
  if (!mac) throw refuse(`the client certificate (CN ${JSON.stringify(first(cert.subject?.CN).slice(0, 80))}) names no MAC address`);
  log.debug(`phone ${formatMac(mac)} at ${clientIp} proven by its certificate`);
  return mac;
}
