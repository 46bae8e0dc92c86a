import assert from "node:assert/strict";
import { test } from "node:test";
import { BlockList, isIP } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
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

test("an address admitted by a range costs the same with 50,000 single addresses listed (no walk over them)", () => {
  const singles = Array.from({ length: 50_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  // The ranges first: BlockList checks the rules added last first.
  const list = new AddressList(["127.0.0.0/8", "2001:db8::/32", ...singles]);
  assert.ok(list.has("10.0.195.79") && list.has("127.1.2.3") && list.has("::ffff:127.1.2.3") && list.has("::ffff:a00:1") && list.has("2001:db8::9"));
  assert.ok(!list.has("10.1.0.0") && !list.has("192.168.0.1"));
  // Walking 50,000 rules per check is ~0.7 ms, so 2,000 checks take over a second; a handful of rules, milliseconds.
  const started = performance.now();
  for (let i = 0; i < 2_000; i++) list.has(`127.0.${i >> 8}.${i & 255}`);
  const ms = performance.now() - started;
  assert.ok(ms < 400, `2,000 checks of range-admitted addresses took ${ms.toFixed(0)} ms`);
});

test("IPv4 ranges answer as node's BlockList does, for random subnets and addresses (with and without IPv6 rules)", () => {
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const address = () => [next() % 4 === 0 ? 10 : next() % 256, next() % 256, next() % 256, next() % 256].join(".");
  for (let round = 0; round < 40; round++) {
    const entries = Array.from({ length: 1 + (next() % 5) }, () => `${address()}/${next() % 33}`);
    if (round % 2) entries.push("::ffff:10.0.0.0/104");
    const list = new AddressList(entries);
    const oracle = new BlockList();
    for (const e of entries) {
      const [a, bits] = e.split("/");
      oracle.addSubnet(a, Number(bits), isIP(a) === 4 ? "ipv4" : "ipv6");
    }
    for (let i = 0; i < 200; i++) {
      const a = i % 3 ? address() : entries[i % entries.length].split("/")[0];
      if (isIP(a) !== 4) continue;
      assert.equal(list.has(a), oracle.check(a, "ipv4"), `${a} against ${entries.join(", ")}`);
    }
  }
});

test("a verdict worked out once answers only for its own address, also after more addresses than are remembered", () => {
  const list = new AddressList(["10.0.0.0/9", "192.168.7.0/24", "2001:db8::/32"]);
  const oracle = new BlockList();
  oracle.addSubnet("10.0.0.0", 9, "ipv4");
  oracle.addSubnet("192.168.7.0", 24, "ipv4");
  oracle.addSubnet("2001:db8::", 32, "ipv6");
  // 25,000 addresses, half inside a range, each asked three times in three passes (more than the 10,000 kept).
  const addresses = Array.from({ length: 25_000 }, (_, i) => (i % 2 ? `10.${(i * 7) & 255}.${i >> 8 & 255}.${i & 255}` : `10.${128 + ((i * 7) & 127)}.${i >> 8 & 255}.${i & 255}`));
  addresses.push("::ffff:192.168.7.9", "::FFFF:192.168.8.9", "2001:db8::1", "2001:db9::1", "192.168.7.255");
  for (let pass = 0; pass < 3; pass++) {
    for (const a of addresses) {
      const plain = a.toLowerCase().startsWith("::ffff:") ? a.slice(7) : a;
      assert.equal(list.has(a), oracle.check(plain, isIP(plain) === 4 ? "ipv4" : "ipv6"), `${a}, pass ${pass + 1}`);
    }
  }
});

test("an allowlist of 100,000 single IPv4 addresses holds no native rules for them until an IPv6 client asks", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const singles = Array.from({ length: 100_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  gc();
  const before = process.memoryUsage();
  const list = new AddressList(singles);
  gc();
  const after = process.memoryUsage();
  // BlockList rules live outside the JS heap: ~550 bytes each (55 MB here) when every address was one.
  const outsideHeap = after.rss - before.rss - (after.heapTotal - before.heapTotal);
  assert.ok(outsideHeap < 20 * 2 ** 20, `${Math.round(outsideHeap / 2 ** 20)} MB outside the heap`);
  assert.ok(list.has("10.1.134.159") && !list.has("10.2.0.0"));
  assert.ok(list.has("::ffff:a01:869f"), "an IPv6 client (IPv4-mapped, in hex) is still checked against every address");
  assert.ok(!list.has("::ffff:a02:0"));
});
