// The secret list itself (core/mpp/redact.ts) and the two generic pieces under it: name patterns from config
// (lib/name-pattern.ts) and URL passwords (lib/url-password.ts). What the views show is in secrets.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { maskSecretsInValue, redactXml, secretParameters, UNREADABLE_XML } from "../../core/mpp/redact.ts";
import { NamePatterns } from "../../lib/name-pattern.ts";
import { maskUrlPasswords } from "../../lib/url-password.ts";
import { rewriteElementContents } from "../../lib/xml-parse.ts";

test("name patterns: * is any run, ? one character, case ignored, exact names exact", () => {
  const p = new NamePatterns(["*Password*", "GPP_?", "Exact_Name"]);
  for (const yes of ["Password_1_", "Admin_Password", "admin_PASSWORD", "GPP_A", "gpp_p", "exact_name"]) assert.ok(p.has(yes), yes);
  for (const no of ["Passwd", "GPP_SA", "GPP_", "Exact_Name_2", "Exact"]) assert.ok(!p.has(no), no);
  assert.ok(new NamePatterns(["a*b*c"]).has("aXbYbZc"), "a later * resumes after an earlier one");
  assert.ok(!new NamePatterns(["a*b*c"]).has("aXbYbZ"));
});

test("the default secret list: MPP passwords, Wi-Fi secrets and GPP keys, not look-alikes such as PSK_1 (a softkey)", () => {
  const secrets = secretParameters();
  const yes = ["Admin_Password", "User_Password", "Password_1_", "Auth_Page_Password_2_", "LDAP_Password", "XML_Password",
    "Login_Password_3_", "Proxy_Passwd", "Shared_Secret", "PSK_Passphrase_1_", "Wi-Fi_Password_2_", "WEP_Key_1_",
    "GPP_A", "GPP_P", "GPP_SD"];
  for (const name of yes) assert.ok(secrets.has(name), name);
  for (const name of ["PSK_1", "Station_Name", "Profile_Rule", "Auth_ID_1_", "Feature_Key_Sync_1_", "Hold_Key_List"]) assert.ok(!secrets.has(name), name);
  assert.ok(secretParameters(["My_*"]).has("my_token") && !secretParameters().has("My_Token"), "comparison.yml adds to the list");
});

test("--key is masked quoted or not, at the end, before ], with any spacing; --keyword is not the option", () => {
  assert.equal(maskSecretsInValue("[--key abc]http://x/$MA.xml"), "[--key ********]http://x/$MA.xml");
  assert.equal(maskSecretsInValue('[--key "a b c" --uid x] http://x'), "[--key ******** --uid x] http://x");
  assert.equal(maskSecretsInValue("--KEY   abc"), "--KEY   ********");
  assert.equal(maskSecretsInValue("--key $A http://x"), "--key ******** http://x");
  assert.equal(maskSecretsInValue("--key"), "--key");
  assert.equal(maskSecretsInValue("--keyword x"), "--keyword x");
  assert.equal(maskSecretsInValue("--key a --key b"), "--key ******** --key ********");
});

test("URL passwords are masked, user names and hosts stay; a password with an @ is masked whole", () => {
  assert.equal(maskUrlPasswords("http://u:p@h/x and https://v:q@i:8443/y", "*"), "http://u:*@h/x and https://v:*@i:8443/y");
  assert.equal(maskUrlPasswords("http://u:p@ss@h/", "*"), "http://u:*@h/");
  assert.equal(maskUrlPasswords("http://u@h/ http://h:8080/ http://u:@h/", "*"), "http://u@h/ http://h:8080/ http://u:@h/");
  assert.equal(maskUrlPasswords("x://a://u:p@h", "*"), "x://a://u:*@h", "an authority that ends at the next URL's scheme");
  assert.equal(maskUrlPasswords("no url here", "*"), "no url here");
});

test("element contents are replaced from the parse: a replaced element takes its descendants' replacements with it", () => {
  const xml = "<r><a>1</a><s><a>2</a><!--c--></s><b/></r>";
  const out = rewriteElementContents(xml, 1024, (el) => (el.local === "a" ? "A" : el.local === "s" ? "S" : el.local === "b" ? "B" : undefined));
  assert.equal(out, "<r><a>A</a><s>S</s><b/></r>", "a self-closing element has no content to replace");
});

test("raw XML that does not parse is not shown, since its secrets cannot be found", () => {
  assert.equal(redactXml(secretParameters(), "<flat-profile><Password_1_>x</flat-profile>"), UNREADABLE_XML);
  assert.equal(redactXml(secretParameters(), ""), UNREADABLE_XML);
});
