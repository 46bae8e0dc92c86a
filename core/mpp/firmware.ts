// Firmware upgrades decided from the User-Agent: an upgrade profile when the running version is not the expected one.
import type { FirmwareConfig, Param } from "../config/mpp-files.ts";
import type { UserAgentInfo } from "./identify.ts";
import { renderParams } from "./profile.ts";

export interface FirmwareDecision {
  model: string;
  current: string;
  expected: string;
  url: string;
}

/**
 * The version in the User-Agent matches when equal to the expected one, or when it only adds a build suffix
 * ("12.0.1" expected, "12.0.1MPP0001-245" reported); "12.0.10" does not match "12.0.1".
 */
export function versionMatches(current: string, expected: string): boolean {
  if (current === expected) return true;
  return current.startsWith(expected) && !/^[0-9.]/.test(current.slice(expected.length));
}

export function firmwareUpgrade(fw: FirmwareConfig, ua: UserAgentInfo): FirmwareDecision | undefined {
  if (!fw.update_enabled || !ua.model || !ua.firmware) return undefined;
  const specific = fw.model_specific.enabled;
  const expected = (specific && fw.model_specific.versions[ua.model]) || fw.expected_version;
  const url = (specific && fw.model_specific.urls[ua.model]) || fw.upgrade_url;
  if (!expected || !url || versionMatches(ua.firmware, expected)) return undefined;
  return { model: ua.model, current: ua.firmware, expected, url };
}

/** Exactly the upgrade parameters: nothing else (no passwords) goes to a phone that is about to reflash. */
export function renderUpgrade(fw: FirmwareConfig, decision: FirmwareDecision, xmlPath: string[]): string {
  const params: [string, Param][] = [
    ["Upgrade_Enable", { value: "Yes" }],
    ["Upgrade_Error_Retry_Delay", { value: String(fw.retry_delay) }],
    ["Upgrade_Rule", { value: decision.url }],
    ["Log_Upgrade_Request_Msg", { value: fw.log_messages.upgrade_request }],
    ["Log_Upgrade_Success_Msg", { value: fw.log_messages.upgrade_success }],
    ["Log_Upgrade_Failure_Msg", { value: fw.log_messages.upgrade_failure }],
  ];
  return renderParams(params, xmlPath);
}
