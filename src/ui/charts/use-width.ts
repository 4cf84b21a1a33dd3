import { useEffect, useRef, useState } from 'react';

/**
 * The width of an element, from a ResizeObserver: charts get a fixed pixel width and only re-measure
 * when their box really changes (recharts' ResponsiveContainer reads the layout on every update,
 * which forces a synchronous layout of the whole page while training streams in).
 */
export function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(Math.floor(el.clientWidth));
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0].contentRect.width);
      setWidth((prev) => (prev === w ? prev : w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}
