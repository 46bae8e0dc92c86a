// The admin panel's account search stays fast over 100,000 accounts because it reads index ranges only: its plan
// never scans the accounts table.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseAccountSearch } from "../../core/accounts/panel.ts";
import { accountSearchPlan } from "../../db/accounts.ts";
import { openDatabase } from "../../db/open.ts";

test("the account search reads ranges of the username and email indexes, never the whole table", (t) => {
  const db = openDatabase(":memory:");
  t.after(() => db.close());
  for (const text of ["ali", "alice@sip.ex", "Bob.Smith@corp"]) {
    const plan = accountSearchPlan(db, parseAccountSearch(text));
    assert.ok(plan.includes("MULTI-INDEX OR"), `${text}: ${plan.join(" | ")}`);
    assert.ok(plan.every((step) => !step.startsWith("SCAN")), `${text}: ${plan.join(" | ")}`);
    assert.ok(plan.some((step) => step.includes("USING INDEX sqlite_autoindex_accounts_1 (username>? AND username<?)")), text);
    assert.ok(plan.some((step) => step.includes("USING INDEX accounts_by_email (email>? AND email<?)")), text);
  }
  assert.ok(accountSearchPlan(db, parseAccountSearch("alice@sip.ex")).some((s) => s.includes("(username=? AND domain>? AND domain<?)")));
});
