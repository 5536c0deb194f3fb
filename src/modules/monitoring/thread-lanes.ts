/**
 * The plumbing the module's worker threads share (feed staging, run evaluation): on the parent's
 * side, one lane per thread with its messages queued as they arrive, a thread's failure or
 * unexpected exit reported to whoever waits; on the thread's side, credits so that it runs at most a
 * few results ahead of what the parent has taken (bounded memory). The parent grants a credit by
 * posting `MORE`.
 */
import { Worker } from 'node:worker_threads';

export const MORE = 'more';

type Lane<M> = {
  worker: Worker;
  queue: M[];
  /** The thread sent its last message (it may exit before the message is taken). */
  finished: boolean;
};

export class ThreadLanes<M> {
  private readonly lanes: Lane<M>[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  /**
   * Starts one thread per entry of `data` (each a thread-boot.mjs with that workerData; a large young
   * generation, as their short-lived rows die in cheap scavenges). `last` tells a thread's last message.
   */
  constructor(data: readonly object[], last: (m: M) => boolean, exitMessage: string) {
    for (const workerData of data) {
      const worker = new Worker(new URL('./thread-boot.mjs', import.meta.url), {
        workerData,
        resourceLimits: { maxYoungGenerationSizeMb: 128 },
      });
      const lane: Lane<M> = { worker, queue: [], finished: false };
      worker.on('message', (m: M) => {
        if (last(m)) lane.finished = true;
        lane.queue.push(m);
        this.notify();
      });
      worker.on('error', (e) => {
        this.failure ??= e;
        this.notify();
      });
      worker.on('exit', () => {
        if (!lane.finished) this.failure ??= new Error(exitMessage);
        this.notify();
      });
      this.lanes.push(lane);
    }
  }

  get count(): number {
    return this.lanes.length;
  }

  private notify(): void {
    this.wake?.();
    this.wake = null;
  }

  private waitForMessage(): Promise<void> {
    return new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** Posts `message` to thread `i`. */
  post(i: number, message: unknown): void {
    this.lanes[i]!.worker.postMessage(message);
  }

  /** The next message of thread `i`; throws when a thread failed. */
  async take(i: number): Promise<M> {
    const lane = this.lanes[i]!;
    for (;;) {
      const m = lane.queue.shift();
      if (m !== undefined) return m;
      if (this.failure) throw this.failure;
      await this.waitForMessage();
    }
  }

  /**
   * The next message of whichever thread has one, with the thread's number; null once every thread
   * has sent its last message and all were taken. Throws when a thread failed (after its messages).
   */
  async takeAny(): Promise<{ from: number; message: M } | null> {
    for (;;) {
      const from = this.lanes.findIndex((l) => l.queue.length > 0);
      if (from >= 0) return { from, message: this.lanes[from]!.queue.shift()! };
      if (this.failure) throw this.failure;
      if (this.lanes.every((l) => l.finished)) return null;
      await this.waitForMessage();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((l) => l.worker.terminate()));
  }
}

/** A thread's side: at most `ahead` results not yet taken by the parent. */
export class Credits {
  private wake: (() => void) | null = null;

  constructor(private left: number) {}

  /** The parent took a result (it posted `MORE`). */
  grant(): void {
    this.left++;
    this.wake?.();
    this.wake = null;
  }

  /** Waits for a credit and uses it. */
  async spend(): Promise<void> {
    while (this.left === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.left--;
  }
}
