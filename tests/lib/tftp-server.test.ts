// The TFTP protocol itself (lib/tftp-server.ts), spoken to by a raw UDP client that sends exactly the packets
// each test is about: blocks and their numbers, option negotiation, retransmission, refusals, limits.
// Fetching real profiles with real clients (curl, tftp-hpa) is tests/mpp/tftp.test.ts.
import assert from "node:assert/strict";
import { test, type TestContext } from "node:test";
import { NotFound } from "../../lib/errors.ts";
import { TftpServer, type TftpServerOptions } from "../../lib/tftp-server.ts";
import { ack, OP, optionsOf, RawTftpClient, request } from "../helpers/tftp.ts";

process.env.LOG_LEVEL ??= "silent";

/** Bytes 0..255 repeated: a wrong offset or a lost block changes them. */
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => i % 251));

const FILES = new Map([
  ["big.xml", bytes(50_000)],
  ["exact.xml", bytes(1024)],
  ["small.xml", Buffer.from("<x/>\n")],
  ["lines.txt", Buffer.from("a\nb\rc\r\n")],
]);

async function serve(t: TestContext, o: Partial<TftpServerOptions> = {}): Promise<{ server: TftpServer; port: number; client: RawTftpClient }> {
  const server = new TftpServer({
    read: ({ filename }) => {
      const file = FILES.get(filename);
      if (!file) throw new NotFound(`No such file: ${filename}`);
      return file;
    },
    ...o,
  });
  await server.listen(0, "127.0.0.1");
  const client = await RawTftpClient.open();
  t.after(async () => {
    client.close();
    await server.close();
  });
  return { server, port: server.port!, client };
}

test("a file of many blocks arrives whole: 512-byte blocks numbered from 1, the last one shorter", async (t) => {
  const { port, client } = await serve(t);
  const { file, blocks, oack } = await client.download(port, request("big.xml"));
  assert.equal(oack, undefined, "no options asked, none acknowledged");
  assert.deepEqual(file, FILES.get("big.xml"));
  assert.deepEqual(blocks.map((b) => b.number), Array.from({ length: 98 }, (_, i) => i + 1));
  assert.ok(blocks.slice(0, -1).every((b) => b.payload.length === 512));
  assert.equal(blocks.at(-1)!.payload.length, 50_000 - 97 * 512);
});

test("a file that fills its last block exactly ends with an empty block", async (t) => {
  const { port, client } = await serve(t);
  const { file, blocks } = await client.download(port, request("exact.xml"));
  assert.deepEqual(blocks.map((b) => b.payload.length), [512, 512, 0]);
  assert.deepEqual(file, FILES.get("exact.xml"));
});

test("a leading slash is taken off the name (phones send /<MAC>.xml)", async (t) => {
  const { port, client } = await serve(t);
  assert.deepEqual((await client.download(port, request("/small.xml"))).file, FILES.get("small.xml"));
});

test("blksize, tsize and timeout are acknowledged in an OACK, and blocks then have the negotiated size", async (t) => {
  const { port, client } = await serve(t);
  const { file, blocks, oack } = await client.download(port, request("big.xml", { options: { blksize: 1400, tsize: 0, timeout: 3 } }));
  assert.deepEqual(optionsOf(oack!), { blksize: "1400", timeout: "3", tsize: "50000" });
  assert.deepEqual(file, FILES.get("big.xml"));
  assert.equal(blocks.length, 36);
  assert.equal(blocks[0].payload.length, 1400);
});

test("a blksize above RFC 2348's 65464 is lowered to it; one below 8 and unknown options are not acknowledged", async (t) => {
  const { port, client } = await serve(t);
  const large = await client.download(port, request("big.xml", { options: { BLKSIZE: 70_000 } }));
  assert.deepEqual(optionsOf(large.oack!), { blksize: "65464" });
  assert.deepEqual(large.file, FILES.get("big.xml"));
  const second = await RawTftpClient.open();
  t.after(() => second.close());
  const small = await second.download(port, request("small.xml", { options: { blksize: 4, windowsize: 8 } }));
  assert.equal(small.oack, undefined, "nothing acceptable asked: the data starts at once");
  assert.equal(small.blocks[0].number, 1);
});

test("a lost ACK: the block is sent again after the timeout, and the transfer completes", async (t) => {
  const { port, client } = await serve(t, { limits: { timeoutMs: 200 } });
  client.send(request("exact.xml"), port);
  const first = await client.next();
  assert.equal(first.number, 1);
  // Our ACK of block 1 is "lost": we send none, and the server must send block 1 again.
  const again = await client.next(2000);
  assert.equal(again.op, OP.DATA);
  assert.equal(again.number, 1);
  assert.deepEqual(again.payload, first.payload);
  client.send(ack(1), first.from.port);
  assert.equal((await client.next()).number, 2);
});

test("a duplicate ACK sends nothing twice (no Sorcerer's Apprentice)", async (t) => {
  const { port, client } = await serve(t, { limits: { timeoutMs: 2000 } });
  client.send(request("big.xml"), port);
  const first = await client.next();
  client.send(ack(1), first.from.port);
  assert.equal((await client.next()).number, 2);
  client.send(ack(1), first.from.port);
  assert.equal(await client.receivesWithin(300), undefined, "the old ACK is ignored");
});

test("a client that stops answering is given up after the retries, and its slot is free again", async (t) => {
  const { server, port, client } = await serve(t, { limits: { timeoutMs: 50, retries: 2 } });
  client.send(request("big.xml"), port);
  const sent = [await client.next(), await client.next(), await client.next()];
  assert.deepEqual(sent.map((p) => p.number), [1, 1, 1], "the first send and two retries");
  assert.equal(await client.receivesWithin(300), undefined, "then silence");
  assert.equal(server.active, 0);
});

test("a write request is refused: error 2, access violation (the server is read-only)", async (t) => {
  const { port, client } = await serve(t);
  client.send(request("small.xml", { op: OP.WRQ }), port);
  const p = await client.next();
  assert.deepEqual([p.op, p.number, p.payload.toString()], [OP.ERROR, 2, "This server is read-only"]);
});

test("names with a path in them are refused with error 2 before they are looked up", async (t) => {
  const looked: string[] = [];
  const { port, client } = await serve(t, { read: ({ filename }) => (looked.push(filename), FILES.get("small.xml")!) });
  for (const name of ["../small.xml", "..", "a/small.xml", "a\\small.xml", "//small.xml", "sm all.xml", "x..xml"]) {
    client.send(request(name), port);
    const p = await client.next();
    assert.deepEqual([p.op, p.number], [OP.ERROR, 2], name);
  }
  assert.deepEqual(looked, []);
});

test("a name the reader does not know gets error 1 with the reader's message", async (t) => {
  const { port, client } = await serve(t);
  client.send(request("nope.xml"), port);
  const p = await client.next();
  assert.deepEqual([p.op, p.number, p.payload.toString()], [OP.ERROR, 1, "No such file: nope.xml"]);
});

test("a reader's unexpected failure is error 0 'Internal server error', without its message", async (t) => {
  const { port, client } = await serve(t, { read: () => { throw new Error("secret detail"); } });
  client.send(request("small.xml"), port);
  const p = await client.next();
  assert.deepEqual([p.op, p.number, p.payload.toString()], [OP.ERROR, 0, "Internal server error"]);
});

test("malformed requests get error 4: an unknown mode, a too-long name, a request without its terminating NUL", async (t) => {
  const { port, client } = await serve(t, { limits: { maxFilenameLength: 20 } });
  const requests = [request("small.xml", { mode: "mail" }), request(`${"a".repeat(21)}.xml`), request("small.xml").subarray(0, -1), Buffer.from([0, 9, 0, 0])];
  for (const r of requests) {
    client.send(r, port);
    const p = await client.next();
    assert.deepEqual([p.op, p.number], [OP.ERROR, 4], r.toString("latin1"));
  }
});

test("netascii mode sends lines ending in CR LF and a lone CR as CR NUL", async (t) => {
  const { port, client } = await serve(t);
  const { file } = await client.download(port, request("lines.txt", { mode: "NETASCII" }));
  assert.deepEqual(file, Buffer.from("a\r\nb\r\0c\r\0\r\n"));
});

test("a packet from another port to a transfer gets error 5 and the transfer goes on", async (t) => {
  const { port, client } = await serve(t);
  client.send(request("exact.xml"), port);
  const first = await client.next();
  const stranger = await RawTftpClient.open();
  t.after(() => stranger.close());
  stranger.send(ack(1), first.from.port);
  const p = await stranger.next();
  assert.deepEqual([p.op, p.number], [OP.ERROR, 5]);
  client.send(ack(1), first.from.port);
  assert.equal((await client.next()).number, 2);
});

test("beyond max transfers a request is refused with an error, and a repeated request starts no second transfer", async (t) => {
  const { server, port, client } = await serve(t, { limits: { maxTransfers: 1, timeoutMs: 5000 } });
  client.send(request("big.xml"), port);
  await client.next();
  client.send(request("big.xml"), port);
  assert.equal(await client.receivesWithin(200), undefined, "the same client's repeated request is part of its transfer");
  assert.equal(server.active, 1);
  const other = await RawTftpClient.open();
  t.after(() => other.close());
  other.send(request("small.xml"), port);
  const p = await other.next();
  assert.deepEqual([p.op, p.number], [OP.ERROR, 0]);
  assert.match(p.payload.toString(), /Too many transfers/);
});

test("close() ends transfers in progress and stops listening", async (t) => {
  const { server, port, client } = await serve(t, { limits: { timeoutMs: 100 } });
  client.send(request("big.xml"), port);
  await client.next();
  await server.close();
  assert.equal(server.active, 0);
  assert.equal(await client.receivesWithin(300), undefined, "no retransmission after close");
  client.send(request("small.xml"), port);
  assert.equal(await client.receivesWithin(300), undefined, "nobody listens");
});
