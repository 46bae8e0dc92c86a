// Is a phone online? Its last contact against its resync schedule: the phone's own Resync_Periodic over
// common.yml's, Cisco's default 3600 s when neither sets it, a daily Resync_At instead when one is set.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ParamMap, PhoneEntry } from "../../core/config/mpp-files.ts";
import { contactState, DEFAULT_RESYNC_SECONDS, parseResyncPeriodic, resyncSchedule } from "../../core/mpp/contact-state.ts";
import { startTestServer } from "../helpers/server.ts";

const params = (o: Record<string, string>): ParamMap => new Map(Object.entries(o).map(([k, value]) => [k, { value }]));
const phone = (o: Record<string, string> = {}): PhoneEntry => ({ id: "desk", params: params(o) });
const ago = (seconds: number, now: number) => new Date(now - seconds * 1000).toISOString();

test("Resync_Periodic is read as the phone reads it: seconds, +random extra, the last of a list", () => {
  assert.equal(parseResyncPeriodic("7200"), 7200);
  assert.equal(parseResyncPeriodic("3600+600"), 4200, "the random extra may all be used");
  assert.equal(parseResyncPeriodic("1800,3600,7200"), 7200, "the last element repeats forever");
  assert.equal(parseResyncPeriodic("0"), 0);
  assert.equal(parseResyncPeriodic("soon"), undefined);
});

test("the phone's own Resync_Periodic wins over common.yml's; neither means Cisco's default", () => {
  assert.deepEqual(resyncSchedule(params({}), phone()), { seconds: DEFAULT_RESYNC_SECONDS, source: "default" });
  assert.equal(DEFAULT_RESYNC_SECONDS, 3600);
  assert.deepEqual(resyncSchedule(params({ Resync_Periodic: "600" }), phone()), { seconds: 600, source: "Resync_Periodic" });
  assert.deepEqual(resyncSchedule(params({ Resync_Periodic: "600" }), phone({ Resync_Periodic: "86400" })), { seconds: 86400, source: "Resync_Periodic" });
  assert.deepEqual(resyncSchedule(params({ Resync_Periodic: "$UNKNOWN" }), phone()), { seconds: 3600, source: "default" }, "unreadable: the default");
});

test("a valid Resync_At makes the phone resync once a day (plus its random delay)", () => {
  assert.deepEqual(resyncSchedule(params({ Resync_Periodic: "600", Resync_At: "0300" }), phone()), { seconds: 86_400 + 600, source: "Resync_At" });
  assert.deepEqual(resyncSchedule(params({ Resync_At: "0300", Resync_At_Random_Delay: "0" }), phone()), { seconds: 86_400, source: "Resync_At" });
  assert.equal(resyncSchedule(params({ Resync_Periodic: "600", Resync_At: "9999" }), phone()).seconds, 600, "an invalid Resync_At is ignored, as the phone does");
});

test("online within one resync (with slack), late within three, offline after, never without contact", () => {
  const now = Date.parse("2026-01-05T12:00:00Z");
  const hourly = { seconds: 3600, source: "default" as const };
  assert.equal(contactState(ago(60, now), hourly, now), "online");
  assert.equal(contactState(ago(3600 + 300, now), hourly, now), "online", "a resync postponed by a call is not late");
  assert.equal(contactState(ago(2 * 3600, now), hourly, now), "late");
  assert.equal(contactState(ago(4 * 3600, now), hourly, now), "offline");
  assert.equal(contactState(null, hourly, now), "never");
  assert.equal(contactState(ago(4 * 3600, now), { seconds: 0, source: "Resync_Periodic" }, now), "unknown", "no periodic resync: silence says nothing");
  assert.equal(contactState(ago(4 * 3600, now), { seconds: 86_400, source: "Resync_At" }, now), "online", "a daily phone is not late after 4 hours");
});

test("the dashboard gives each phone its state and effective interval from the rendered config", async (t) => {
  const server = await startTestServer({
    "common.yml": "common:\n  Resync_Periodic: \"600\"\n",
    "phones.yml": `phones:
  desk: {mac: "001122334455", Resync_Periodic: "7200"}
  lobby: {mac: "001122334466"}
`,
  });
  t.after(() => server.close());
  const res = await server.get("/001122334455.xml", { headers: { "User-Agent": "Cisco-CP-8841-3PCC/12.0.1 (001122334455)" } });
  assert.equal(res.status, 200);
  const { phones } = JSON.parse((await server.get("/api/admin/dashboard")).body);
  const [desk, lobby] = phones;
  assert.equal(desk.contact_state, "online");
  assert.equal(desk.resync_seconds, 7200);
  assert.ok(desk.last_contact_at);
  assert.equal(lobby.contact_state, "never");
  assert.equal(lobby.resync_seconds, 600, "common.yml's value");
});
