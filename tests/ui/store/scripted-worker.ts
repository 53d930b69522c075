/**
 * The engine worker's stand-in for store tests: the real EngineClient (worker/client.ts) talks to it, the test
 * answers as the worker would. The Worker is the boundary; the store and the client under test are the real ones.
 */
import type { FromWorker, Request, ToWorker } from '../../../src/worker/protocol';

export class ScriptedWorker {
  static last: ScriptedWorker;
  posted: ToWorker[] = [];
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  constructor() {
    ScriptedWorker.last = this;
  }
  postMessage(msg: ToWorker): void {
    this.posted.push(msg);
  }
  terminate(): void {}
  send(msg: FromWorker): void {
    this.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
  }

  /** The id of the latest unanswered request of this type (throws when there is none: the store did not ask). */
  asked(type: Request['type']): number {
    const m = [...this.posted]
      .reverse()
      .find((p): p is { id: number; req: Request } => 'req' in p && p.req.type === type && !this.answered.has(p.id));
    if (!m) throw new Error(`no ${type} request was posted`);
    return m.id;
  }
  private answered = new Set<number>();
  answer(type: Request['type'], result: unknown): void {
    const id = this.asked(type);
    this.answered.add(id);
    this.send({ id, kind: 'result', result });
  }
  fail(type: Request['type'], name: string, message: string): void {
    const id = this.asked(type);
    this.answered.add(id);
    this.send({ id, kind: 'error', error: { name, message } });
  }
}

/** Let the store's awaits settle (answers resolve promises; the slices continue on microtasks). */
export const settle = () => new Promise<void>((r) => setTimeout(r, 0));
