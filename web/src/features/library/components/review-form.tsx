import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import { TextAreaField } from '../../../components/ui/field';
import { cx } from '../../../lib/cx';
import { formErrorsFrom } from '../../../lib/form-errors';
import { clearDraft, readDraft, writeDraft } from '../../../lib/local-draft';
import { useLeaveGuard } from '../../../lib/use-leave-guard';
import type { EntrySummary } from '../types';
import entryEditorStyles from './entry-editor.module.css';
import styles from './review-form.module.css';
import { useSaveEntry } from './use-save-entry';

const REVIEW_MAX = 50_000;

interface Draft {
  review: string;
  reviewHasSpoilers: boolean;
}

export function ReviewForm({ entry }: { entry: EntrySummary }) {
  const { save, isSaving } = useSaveEntry(entry.id);
  const draftKey = `review:${entry.id}`;
  // A review typed earlier and never saved comes back, unless it is what was saved since.
  const [restored] = useState(() => {
    const kept = readDraft<Draft>(draftKey);
    return kept && kept.review !== (entry.review ?? '') ? kept : null;
  });
  const [draft, setDraftState] = useState<Draft | null>(restored);
  const setDraft = (next: Draft | null) => {
    setDraftState(next);
    if (next) writeDraft(draftKey, next);
    else clearDraft(draftKey);
  };
  useLeaveGuard(draft !== null, 'Your review is not saved yet. Leave anyway? It stays here as a draft.');
  const [error, setError] = useState<string | undefined>();
  const id = useId();
  const shown = draft ?? { review: entry.review ?? '', reviewHasSpoilers: entry.reviewHasSpoilers };

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!draft) return;
    setError(undefined);
    save(
      { review: draft.review.trim() ? draft.review : null, reviewHasSpoilers: draft.reviewHasSpoilers },
      {
        success: draft.review.trim() ? 'Review saved.' : 'Review removed.',
        onSuccess: () => setDraft(null),
        onError: (cause) => {
          const { fields, form } = formErrorsFrom(cause, ['review']);
          setError(fields.review ?? form ?? undefined);
        },
      },
    );
  }

  return (
    <form
      className={cx(entryEditorStyles.entrySection, 'stack')}
      onSubmit={handleSubmit}
      noValidate
      aria-labelledby={`${id}-heading`}
    >
      <h3 id={`${id}-heading`} className={entryEditorStyles.entrySectionTitle}>
        Your review
      </h3>
      {restored && draft ? (
        <p className="notice" role="status">
          Your unsaved review from before is back. Save it, or cancel to drop it.
        </p>
      ) : null}
      <TextAreaField
        label="Review"
        name="review"
        rows={5}
        maxLength={REVIEW_MAX}
        hint="What stayed with you? Only people allowed to see this book see your review."
        value={shown.review}
        onChange={(event) => setDraft({ ...shown, review: event.target.value })}
        error={error}
      />
      <label className={styles.checkbox}>
        <input
          type="checkbox"
          name="reviewHasSpoilers"
          checked={shown.reviewHasSpoilers}
          onChange={(event) => setDraft({ ...shown, reviewHasSpoilers: event.target.checked })}
        />
        <span>Contains spoilers (others see it hidden until they choose to read it)</span>
      </label>
      <div className="form-actions">
        <Button
          type="submit"
          variant="secondary"
          className={entryEditorStyles.entrySectionAction}
          busy={isSaving}
          busyLabel="Saving…"
          disabled={!draft}
        >
          Save review
        </Button>
        {draft ? (
          <Button variant="ghost" onClick={() => setDraft(null)}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
