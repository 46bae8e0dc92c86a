// "Get provisioned" on the self-service page: the directoryURL of the desk phones phones.yml links to an account
// (`account:` or one of `lines:`, user@domain or sip:user@domain), every layer over common; never another
// account's phones.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.ts";
import { DOMAIN, seedCaller } from "./callers.ts";

let server: TestServer;
before(async () => {
  server = await startTestServer({ "switchboard.yml": `accounts:\n  sip_domain: ${DOMAIN}\n` });
});
after(() => server.close());

test("an account sees the directoryURL of each desk phone linked to it, phone over common, and none of another's", async (t) => {
  const anna = seedCaller(server);
  const ben = seedCaller(server);
  const carl = seedCaller(server);
  server.writeConfig("common.yml", `common:\n  XML_Directory_Service_URL: "http://pbx.example.com/cisco/directory?key=OFFICE"\n`);
  server.writeConfig("phones.yml", `phones:
  desk-1:
    mac: "001122334401"
    label: "Anna's desk"
    account: "sip:${anna.sip.toUpperCase()}"
  desk-2:
    mac: "001122334402"
    lines: ["reception@${DOMAIN}", "${anna.account.username}@${anna.account.domain}"]
    XML_Directory_Service_URL: "http://pbx.example.com/cisco/directory?key=SALES"
  desk-3:
    mac: "001122334403"
    account: ${ben.sip}
`);
  t.after(() => {
    server.writeConfig("phones.yml", "phones: {}\n");
    server.writeConfig("common.yml", "common: {}\n");
  });
  const mine = await anna.as("GET", "/api/accounts/me/directories");
  assert.equal(mine.status, 200, mine.body);
  assert.deepEqual(mine.json(), [
    { phone: "Anna's desk", directory_url: "http://pbx.example.com/cisco/directory?key=OFFICE" },
    { phone: "desk-2", directory_url: "http://pbx.example.com/cisco/directory?key=SALES" },
  ]);
  assert.deepEqual((await ben.as("GET", "/api/accounts/me/directories")).json(), [{ phone: "desk-3", directory_url: "http://pbx.example.com/cisco/directory?key=OFFICE" }]);
  assert.deepEqual((await carl.as("GET", "/api/accounts/me/directories")).json(), [], "no desk phone, no directory");
});
