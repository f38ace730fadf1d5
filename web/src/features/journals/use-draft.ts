import { useState } from 'react';
import { clearDraft, readDraft, writeDraft } from '../../lib/local-draft';
import { useLeaveGuard } from '../../lib/use-leave-guard';

/**
 * Form values that differ from what is saved are kept in this browser (lib/local-draft, as the
 * review form does) and come back when the form is opened again; leaving the page asks first.
 */
export function useDraft<T extends object>(key: string, initial: T, leaveMessage: string) {
  const same = (a: T, b: T) => JSON.stringify(a) === JSON.stringify(b);
  const [restored] = useState(() => {
    const kept = readDraft<T>(key);
    return kept && !same({ ...initial, ...kept }, initial) ? { ...initial, ...kept } : null;
  });
  const [draft, setDraft] = useState<T | null>(restored);
  useLeaveGuard(draft !== null, leaveMessage);
  const shown = draft ?? initial;
  return {
    shown,
    dirty: draft !== null,
    /** True while the form shows a draft from an earlier visit. */
    restored: restored !== null && draft !== null,
    change(next: T) {
      if (same(next, initial)) {
        setDraft(null);
        clearDraft(key);
      } else {
        setDraft(next);
        writeDraft(key, next);
      }
    },
    clear() {
      setDraft(null);
      clearDraft(key);
    },
  };
}
