// Runs a CPU-heavy pure function in worker threads, so the event loop keeps answering while it works.
// Workers start on first use (a server that never needs them pays no memory for them) and TypeScript
// entries are loaded through tsx, as the main thread is.
import { availableParallelism } from "node:os";
import { parentPort, Worker } from "node:worker_threads";

/** An error thrown inside the worker, with its class name so callers can tell intended errors apart. */
export class WorkerTaskError extends Error {
  constructor(readonly errorName: string, message: string) {
    super(message);
  }
}

interface Slot {
  worker: Worker;
  jobs: Set<number>;
}

interface Job {
  slot: Slot;
  resolve(output: unknown): void;
  reject(err: Error): void;
}

type Answer = { id: number; output?: unknown; error?: { name: string; message: string } };

export class WorkerPool<In, Out> {
  private readonly slots: Slot[] = [];
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly entry: URL,
    private readonly size = Math.max(1, availableParallelism() - 1),
  ) {}

  /** `transfer`: memory moved to the worker instead of copied (the caller must not use it afterwards; see `movable`). */
  run(input: In, transfer: ArrayBuffer[] = []): Promise<Out> {
    if (this.closed) return Promise.reject(new Error("The worker pool is closed"));
    const slot = this.slots.length < this.size ? this.spawn() : this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    const id = this.nextId++;
    return new Promise<Out>((resolve, reject) => {
      this.jobs.set(id, { slot, resolve: resolve as (o: unknown) => void, reject });
      slot.jobs.add(id);
      slot.worker.ref(); // keeps the process alive while a job is out, and only then
      slot.worker.postMessage({ id, input }, transfer);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const url = JSON.stringify(this.entry.href);
    const load = this.entry.pathname.endsWith(".ts")
      ? `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${url}); });`
      : `import(${url});`;
    const slot: Slot = { worker: new Worker(load, { eval: true }), jobs: new Set() };
    slot.worker.on("message", (a: Answer) => {
      const job = this.jobs.get(a.id);
      if (!job) return;
      this.jobs.delete(a.id);
      slot.jobs.delete(a.id);
      if (slot.jobs.size === 0) slot.worker.unref();
      if (a.error) job.reject(new WorkerTaskError(a.error.name, a.error.message));
      else job.resolve(a.output);
    });
    // A worker that dies takes its jobs with it; the next run() starts a fresh one.
    const fail = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const id of slot.jobs) {
        this.jobs.get(id)?.reject(err);
        this.jobs.delete(id);
      }
      slot.jobs.clear();
    };
    slot.worker.on("error", fail);
    slot.worker.on("exit", (code) => fail(new Error(`worker exited with code ${code}`)));
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }
}

/**
 * The memory of these byte arrays, for a transfer list: only arrays that cover their whole ArrayBuffer, so a
 * Buffer cut from Node's shared pool (small ones) is copied rather than taking the pool's other Buffers with it.
 */
export function movable(...arrays: Uint8Array[]): ArrayBuffer[] {
  return arrays.filter((a) => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer).map((a) => a.buffer as ArrayBuffer);
}

/**
 * The worker's side: answers each job with `task(input)`, or with the error it threw. `transferOf` names the memory
 * of an answer that moves back instead of being copied (large byte arrays the worker made and no longer needs).
 */
export function serveWorkerTasks<In, Out>(task: (input: In) => Out, transferOf: (output: Out) => ArrayBuffer[] = () => []): void {
  if (!parentPort) throw new Error("serveWorkerTasks must run in a worker thread");
  const port = parentPort;
  port.on("message", ({ id, input }: { id: number; input: In }) => {
    try {
      const output = task(input);
      port.postMessage({ id, output } satisfies Answer, transferOf(output));
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      port.postMessage({ id, error: { name: e.constructor.name, message: e.message } } satisfies Answer);
    }
  });
}
