/**
 * Cooperative cancellation in the worker. On WASM and CPU a tensor read resolves as a microtask, so a long
 * computation never returns to the worker's message queue on its own, and a cancel, pause or stop message would
 * wait until the work is over. Long work awaits one of these between its units (a batch, a chunk, a step).
 */

/** A macrotask turn (MessageChannel: no 4 ms timer clamp), so messages queued meanwhile are handled. */
export function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(0);
  });
}

/** Yields to the message queue, then throws an AbortError (`what` cancelled) if `signal` was aborted meanwhile. */
export function yieldPointOf(signal: AbortSignal, what: string): () => Promise<void> {
  return async () => {
    await yieldToMessages();
    if (signal.aborted) throw new DOMException(`${what} cancelled`, 'AbortError');
  };
}
