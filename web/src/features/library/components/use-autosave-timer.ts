import { useEffect, useRef } from 'react';

/**
 * Typing schedules a save a moment after the last keystroke; leaving the field (or the page)
 * saves at once, so nothing typed waits on a timer that never fires.
 */
export function useAutosaveTimer(commit: () => void, delayMs: number) {
  const timer = useRef<number | null>(null);
  const commitRef = useRef(commit);
  commitRef.current = commit;

  function cancel(): boolean {
    if (timer.current === null) return false;
    window.clearTimeout(timer.current);
    timer.current = null;
    return true;
  }

  function schedule() {
    cancel();
    timer.current = window.setTimeout(() => {
      timer.current = null;
      commitRef.current();
    }, delayMs);
  }

  function flush() {
    if (cancel()) commitRef.current();
  }

  useEffect(
    () => () => {
      if (timer.current !== null) {
        window.clearTimeout(timer.current);
        timer.current = null;
        commitRef.current();
      }
    },
    [],
  );

  return { schedule, flush, cancel };
}
