// GET /<MAC|serial|id>.xml — a Cisco MPP phone fetches its configuration (DESIGN §5.1).
import type { App } from "../../core/app.ts";
import { firmwareUpgrade, renderUpgrade } from "../../core/mpp/firmware.ts";
import { bootstrapModel, identifyPhone, parseUserAgent, phoneByIdentifier } from "../../core/mpp/identify.ts";
import { normalizeMac } from "../../core/mpp/mac.ts";
import { countConfigRequest } from "../../core/mpp/metrics.ts";
import { cachedProfile, renderBootstrap } from "../../core/mpp/profile.ts";
import { HttpError, xml } from "../../lib/http.ts";
import { log } from "../../lib/log.ts";
import type { Handler } from "../../lib/router.ts";
import { phoneError } from "../errors.ts";

export const renderError = phoneError;

export const GET: Handler<App> = (req, ctx) => {
  const config = ctx.app.store.config;
  const id = ctx.params.id;
  const userAgent = String(req.headers["user-agent"] ?? "");
  const ua = parseUserAgent(userAgent);
  const mac = normalizeMac(id) ?? phoneByIdentifier(config, id)?.mac ?? ua.mac;
  const found = identifyPhone(config, id, ua, ctx.clientIp);
  const { discovery } = config.service;
  const upgrade = firmwareUpgrade(config.firmware, ua);
  const allowed = discovery.enabled ? mac !== undefined && discovery.exclude_macs.has(mac) : config.allowlist.has(ctx.clientIp);
  countConfigRequest(ctx.app, found?.phone.mac, ctx.clientIp, allowed ? upgrade : undefined);

  if (!allowed) {
    // Discovery mode collects factory defaults: phones get no configuration unless explicitly excluded.
    if (discovery.enabled) throw new HttpError(404, "Discovery mode is on: no configuration is served");
    log.warn(`config request ${ctx.path} refused for ${ctx.clientIp} (not in ip_whitelist or phones.yml) UA "${userAgent}"`);
    throw new HttpError(403, `Access denied: ${ctx.clientIp} is not an allowed phone address`);
  }

  if (upgrade) {
    log.info(`firmware upgrade ${upgrade.model} ${mac ?? "?"}: ${upgrade.current} → ${upgrade.expected}`);
    if (mac) ctx.app.sightings.record({ mac, ip: ctx.clientIp, userAgent, model: ua.model, firmware: ua.firmware, at: new Date().toISOString() });
    return xml(renderUpgrade(config.firmware, upgrade, config.schema.xmlPath));
  }

  if (found) {
    const phoneMac = found.phone.mac ?? mac;
    if (phoneMac) ctx.app.sightings.record({ mac: phoneMac, ip: ctx.clientIp, userAgent, model: ua.model, firmware: ua.firmware, at: new Date().toISOString() });
    return xml(cachedProfile(config, found.phone));
  }

  const model = bootstrapModel(id);
  if (model) {
    log.info(`bootstrap profile for a ${model} at ${ctx.clientIp} UA "${userAgent}" (add its MAC to phones.yml)`);
    return xml(renderBootstrap(config));
  }
  log.warn(`unknown phone asked for ${ctx.path} from ${ctx.clientIp} UA "${userAgent}" — add it to phones.yml`);
  throw new HttpError(404, "Phone not found");
};
