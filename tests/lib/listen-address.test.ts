import assert from "node:assert/strict";
import { test } from "node:test";
import { httpUrl, isLoopbackHost, listensOnAllAddresses } from "../../lib/listen-address.ts";

test("names that reach this machine only are loopback, in every spelling a URL allows", () => {
  for (const h of ["localhost", "LOCALHOST", "pbx.localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1"]) assert.equal(isLoopbackHost(h), true, h);
  for (const h of ["pbx.example.com", "192.168.1.20", "10.0.0.1", "[2001:db8::1]", "localhost.example.com", "128.0.0.1"]) assert.equal(isLoopbackHost(h), false, h);
});

test("0.0.0.0, :: and no HOST listen on all addresses; a named address does not", () => {
  for (const h of [undefined, "", "0.0.0.0", "::"]) assert.equal(listensOnAllAddresses(h), true, String(h));
  for (const h of ["127.0.0.1", "192.168.1.20", "::1"]) assert.equal(listensOnAllAddresses(h), false, h);
});

test("an IPv6 address is bracketed in a URL", () => {
  assert.equal(httpUrl("2001:db8::1", 8080), "http://[2001:db8::1]:8080");
  assert.equal(httpUrl("192.168.1.20", 80), "http://192.168.1.20:80");
});
