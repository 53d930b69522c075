import { type RefObject, useEffect, useRef, useState } from 'react';

/**
 * The width of an element, from a ResizeObserver's reports (0 until the first). Not clientWidth while mounting:
 * reading it forced a layout of the whole page, 80 ms of the long task when the live view opened (CPU profile).
 */
export function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const ro = new ResizeObserver(([e]) => setWidth(Math.floor(e.contentRect.width)));
    ro.observe(ref.current!);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
