import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { TextAreaField } from '../../../components/ui/field';
import { SaveStatus } from '../../../components/ui/save-status';
import { cx } from '../../../lib/cx';
import { formErrorsFrom } from '../../../lib/form-errors';
import { clearDraft, readDraft, writeDraft } from '../../../lib/local-draft';
import { useLeaveGuard } from '../../../lib/use-leave-guard';
import type { EntrySummary } from '../types';
import entryEditorStyles from './entry-editor.module.css';
import styles from './review-form.module.css';
import { useAutosaveTimer } from './use-autosave-timer';
import { useSaveEntry } from './use-save-entry';

const REVIEW_MAX = 50_000;
/** A pause in typing this long saves the review. */
const REVIEW_SAVE_DELAY_MS = 1000;

interface Review {
  review: string;
  reviewHasSpoilers: boolean;
}

/** What is kept on this device until the server has it, with the saved review it was written over. */
interface Draft extends Review {
  base?: string;
}

const sameReview = (a: Review, b: Review) =>
  a.review === b.review && a.reviewHasSpoilers === b.reviewHasSpoilers;

/**
 * The review saves itself a moment after typing stops (and at once when the field is left). Until
 * the server confirms, the text is a draft in this browser, so a reload, a crash or a lost
 * connection never loses it.
 */
export function ReviewForm({ entry }: { entry: EntrySummary }) {
  const { save, state, setState, retry } = useSaveEntry(entry);
  const draftKey = `review:${entry.id}`;
  const saved: Review = { review: entry.review ?? '', reviewHasSpoilers: entry.reviewHasSpoilers };
  const savedRef = useRef(saved);
  savedRef.current = saved;
  // A review typed earlier and never saved comes back. If the saved review changed since it was
  // written (on another device), the reader chooses; otherwise it is saved now.
  const [restored] = useState(() => {
    const kept = readDraft<Draft>(draftKey);
    if (!kept) return null;
    if (sameReview(kept, saved)) {
      clearDraft(draftKey);
      return null;
    }
    return { draft: kept, conflict: (kept.base ?? '') !== saved.review };
  });
  const [draft, setDraftState] = useState<Draft | null>(restored?.draft ?? null);
  const [conflict, setConflict] = useState(restored?.conflict ?? false);
  // The notice stays once the restored draft is saved, so the reader knows where the text came from.
  const [noticeShown, setNoticeShown] = useState(restored !== null);
  const draftRef = useRef(draft);
  const conflictRef = useRef(conflict);
  conflictRef.current = conflict;
  const [error, setError] = useState<string | undefined>();
  const id = useId();
  const shown: Review = draft ?? saved;

  function setDraft(next: Draft | null) {
    draftRef.current = next;
    setDraftState(next);
    if (next) writeDraft(draftKey, next);
    else clearDraft(draftKey);
  }

  function commit() {
    const sending = draftRef.current;
    if (!sending || conflictRef.current) return;
    const before = savedRef.current;
    const removing = !sending.review.trim() && before.review.trim() !== '';
    setError(undefined);
    save(
      { review: sending.review.trim() ? sending.review : null, reviewHasSpoilers: sending.reviewHasSpoilers },
      {
        // Emptying the box deletes the review: the one change here that offers Undo.
        ...(removing
          ? {
              success: 'Review removed.',
              undo: () => save(before, { success: 'Review put back.' }),
            }
          : {}),
        onSuccess: () => {
          // The draft goes only once the server has exactly it; newer typing stays a draft.
          const kept = readDraft<Draft>(draftKey);
          if (kept && sameReview(kept, sending)) clearDraft(draftKey);
          if (draftRef.current === sending) {
            draftRef.current = null;
            setDraftState(null);
          }
        },
        onError: (cause) => setError(formErrorsFrom(cause, ['review']).fields.review),
      },
    );
  }

  const timer = useAutosaveTimer(commit, REVIEW_SAVE_DELAY_MS);

  function edit(next: Review) {
    setConflict(false);
    setDraft({ ...next, base: draftRef.current?.base ?? savedRef.current.review });
    setState({ kind: 'saving' });
    timer.schedule();
  }

  // A draft restored without a conflict is saved as soon as the page is back.
  const restoredRef = useRef(restored);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, for the draft found on arrival
  useEffect(() => {
    if (restoredRef.current && !restoredRef.current.conflict) commit();
  }, []);

  const unsaved = draft !== null && (state.kind === 'error' || conflict);
  useLeaveGuard(unsaved, 'Your review is not saved yet. Leave anyway? It stays here as a draft.');

  return (
    <section className={cx(entryEditorStyles.entrySection, 'stack')} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className={entryEditorStyles.entrySectionTitle}>
        Your review
      </h3>
      {noticeShown && draft && conflict ? (
        <div className="notice stack" role="status">
          <p>
            Your unsaved review from before is back, but the saved review changed since you wrote it. Keep
            which one?
          </p>
          <div className="form-actions">
            <Button
              variant="secondary"
              onClick={() => {
                conflictRef.current = false;
                setConflict(false);
                commit();
              }}
            >
              Keep this draft
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setConflict(false);
                setNoticeShown(false);
                setDraft(null);
              }}
            >
              Use the saved review
            </Button>
          </div>
        </div>
      ) : noticeShown ? (
        <p className="notice" role="status">
          Your unsaved review from before is back.
        </p>
      ) : null}
      <TextAreaField
        label="Review"
        name="review"
        rows={5}
        maxLength={REVIEW_MAX}
        hint="What stayed with you? Only people allowed to see this book see your review."
        value={shown.review}
        onChange={(event) => edit({ ...shown, review: event.target.value })}
        onBlur={timer.flush}
        error={error}
      />
      <label className={styles.checkbox}>
        <input
          type="checkbox"
          name="reviewHasSpoilers"
          checked={shown.reviewHasSpoilers}
          onChange={(event) => {
            edit({ ...shown, reviewHasSpoilers: event.target.checked });
            timer.flush();
          }}
        />
        <span>Contains spoilers (others see it hidden until they choose to read it)</span>
      </label>
      <SaveStatus state={conflict ? { kind: 'idle' } : state} onRetry={retry} />
    </section>
  );
}
