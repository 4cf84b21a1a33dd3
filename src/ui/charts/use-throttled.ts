import { useEffect, useRef, useState } from 'react';

/**
 * The value as of at most `delayMs` ago: the first change after a quiet spell shows after
 * `delayMs`, later changes inside that window are folded into it. Charts take their data through
 * this with different delays, so a training step redraws them one by one, each in its own task,
 * and the page never freezes for all of them at once (recharts redraws synchronously).
 */
export function useThrottled<T>(value: T, delayMs: number): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    latest.current = value;
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setShown(latest.current);
    }, delayMs);
  }, [value, delayMs]);
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  return shown;
}
