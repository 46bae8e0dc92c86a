import assert from "node:assert/strict";
import { test } from "node:test";
import { AddressList, clientAddress, normalizeIp } from "../../lib/ip.ts";

test("single addresses and CIDR ranges, IPv4 and IPv6", () => {
  const list = new AddressList(["10.0.0.5", "192.168.1.0/24", "2001:db8::/32", "::1"]);
  assert.ok(list.has("10.0.0.5"));
  assert.ok(!list.has("10.0.0.6"));
  assert.ok(list.has("192.168.1.200"));
  assert.ok(!list.has("192.168.2.1"));
  assert.ok(list.has("2001:db8:1::7"));
  assert.ok(list.has("::1"));
  assert.ok(list.has("::ffff:192.168.1.9"), "IPv4-mapped IPv6 addresses count as IPv4");
  assert.ok(!list.has("not an ip"));
});

test("invalid entries are collected, not silently allowed", () => {
  const list = new AddressList(["10.0.0.0/33", "garbage", "1.2.3.4/x", " ", "1.2.3.4"]);
  assert.deepEqual(list.invalid, ["10.0.0.0/33", "garbage", "1.2.3.4/x"]);
  assert.equal(list.size, 1);
});

test("X-Forwarded-For only counts when the peer is a trusted proxy", () => {
  const trusted = new AddressList(["10.9.9.9"]);
  assert.equal(clientAddress("203.0.113.7", "192.168.1.10", trusted), "203.0.113.7", "an untrusted peer cannot spoof");
  assert.equal(clientAddress("10.9.9.9", "192.168.1.10", trusted), "192.168.1.10");
  assert.equal(clientAddress("::ffff:10.9.9.9", "1.1.1.1, 192.168.1.10", trusted), "192.168.1.10", "the right-most untrusted hop wins");
  assert.equal(clientAddress("10.9.9.9", "192.168.1.10, 10.9.9.9", trusted), "192.168.1.10");
  assert.equal(clientAddress("10.9.9.9", "nonsense", trusted), "10.9.9.9", "a malformed header falls back to the peer");
  assert.equal(clientAddress("10.9.9.9", undefined, trusted), "10.9.9.9");
  assert.equal(normalizeIp("::ffff:127.0.0.1"), "127.0.0.1");
});
