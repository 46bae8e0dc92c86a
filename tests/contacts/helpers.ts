// A Switchboard wired to a fake Microsoft and a fake sipgate, and the connect flow without a browser.
import type { TestContext } from "node:test";
import { FakeMicrosoft } from "../fakes/microsoft.ts";
import type { FakeOAuthOptions } from "../fakes/oauth-server.ts";
import { FakeSipgate } from "../fakes/sipgate.ts";
import { startTestServer, type TestResponse, type TestServer } from "../helpers/server.ts";

export interface Setup {
  server: TestServer;
  microsoft: FakeMicrosoft;
  sipgate: FakeSipgate;
  close(): Promise<void>;
}

/** The fakes as providers; a FRITZ!Box the tests start on loopback may be fetched (the default refuses loopback). */
export function switchboardYaml(s: { server: TestServer; microsoft: FakeMicrosoft; sipgate: FakeSipgate }, extra = ""): string {
  return `public_url: "${s.server.url}"\ncontacts:\n  sync_interval_minutes: 15\n  fritzbox_allowed_addresses: ["127.0.0.1"]\n  providers:\n${s.microsoft.providerYaml()}${s.sipgate.providerYaml()}${extra}`;
}

export async function startWithFakes(o: { microsoft?: FakeOAuthOptions; sipgate?: FakeOAuthOptions; files?: Record<string, string> } = {}): Promise<Setup> {
  const microsoft = await new FakeMicrosoft(o.microsoft).start();
  const sipgate = await new FakeSipgate(o.sipgate).start();
  const server = await startTestServer(o.files);
  server.writeConfig("switchboard.yml", switchboardYaml({ server, microsoft, sipgate }));
  return {
    server, microsoft, sipgate,
    async close() {
      await server.close();
      await microsoft.close();
      await sipgate.close();
    },
  };
}

/** A Switchboard with fakes of one test's own, closed when the test ends: change the fakes at will. */
export async function startWithFakesFor(t: TestContext, o: Parameters<typeof startWithFakes>[0] = {}): Promise<Setup> {
  const s = await startWithFakes(o);
  t.after(() => s.close());
  return s;
}

/** Writes switchboard.yml for the rest of one test; the usual one (fakes as providers) is written back after it. */
export function switchboardYamlFor(t: TestContext, s: Setup, yaml: string): void {
  t.after(() => s.server.writeConfig("switchboard.yml", switchboardYaml(s)));
  s.server.writeConfig("switchboard.yml", yaml);
}

export function cookieOf(res: TestResponse): string {
  const set = res.headers.get("set-cookie") ?? "";
  return set.split(";")[0];
}

/**
 * Starts a connect as the admin page does: a new source by following its Connect link (a same-origin navigation),
 * a reconnect (`key=K` in the query) by its Reconnect button's JSON POST. The authorize URL and the cookie.
 */
export async function begin(server: TestServer, query: string, path = "/oauth-grant"): Promise<{ authorize: string; cookie: string }> {
  const key = new URLSearchParams(query).get("key");
  if (key) {
    const res = await server.request(`/api/admin/contact-sources/${key}/connect`, { method: "POST", headers: { "Content-Type": "application/json", Origin: server.url }, body: "{}" });
    if (res.status !== 200) throw new Error(`reconnect start answered ${res.status}: ${res.body}`);
    return { authorize: (JSON.parse(res.body) as { location: string }).location, cookie: cookieOf(res) };
  }
  const res = await server.get(`${path}?${query}`, { headers: OWN_PAGE_LINK });
  if (res.status !== 302) throw new Error(`connect start answered ${res.status}: ${res.body}`);
  return { authorize: res.headers.get("location")!, cookie: cookieOf(res) };
}

/** What a browser sends with a navigation started by one of our own pages. */
export const OWN_PAGE_LINK = { "Sec-Fetch-Site": "same-origin" };

/** The whole flow: start, consent on the fake, come back with the cookie. Returns the callback's response. */
export async function connect(server: TestServer, fake: FakeMicrosoft | FakeSipgate, query: string): Promise<TestResponse> {
  const { authorize, cookie } = await begin(server, query);
  const back = new URL(await fake.oauth.consent(authorize));
  return server.get(back.pathname + back.search, { headers: { Cookie: cookie } });
}

export function keyOf(res: TestResponse): string {
  const location = new URL(res.headers.get("location") ?? "", "http://x");
  return location.searchParams.get("key") ?? "";
}

export const graphContact = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `c${i}`, displayName: `Person ${i}`, givenName: "Person", surname: String(i), companyName: "Acme",
  businessPhones: [`030 ${1000 + i}`], homePhones: [], mobilePhone: i % 2 ? `+49 170 ${i}` : null,
  emailAddresses: [{ name: `Person ${i}`, address: `p${i}@example.com` }], lastModifiedDateTime: "2024-01-01T00:00:00Z", ...extra,
});
