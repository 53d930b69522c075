import { startTransition, useEffect, useRef, useState } from 'react';

/**
 * `value`, but re-rendered at most every `ms` (the latest value always arrives, trailing). Charts redraw
 * at a few frames per second while the store takes every delta: drawing, not data, is what costs on the
 * main thread. A change of `key` (another run) shows at once. The throttled update is a transition, so React
 * renders the charts in time slices that yield to input instead of one long main-thread task.
 */
export function useThrottled<T>(value: T, ms: number, key?: unknown): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const lastKey = useRef(key);
  useEffect(() => {
    const now = performance.now();
    const wait = lastKey.current !== key ? 0 : last.current + ms - now;
    lastKey.current = key;
    if (wait <= 0) {
      last.current = now;
      startTransition(() => setShown(value));
      return;
    }
    const t = setTimeout(() => {
      last.current = performance.now();
      startTransition(() => setShown(value));
    }, wait);
    return () => clearTimeout(t);
  }, [value, ms, key]);
  return lastKey.current !== key ? value : shown;
}
