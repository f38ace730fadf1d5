import { useId, useState } from 'react';
import { Button } from '../../../components/ui/button';
import fieldStyles from '../../../components/ui/field.module.css';
import { FormAlert } from '../../../components/ui/form-alert';
import { Skeleton } from '../../../components/ui/skeleton';
import { useToast } from '../../../components/ui/toast';
import { useGoal } from '../api/get-goal';
import { useDeleteGoal, useSetGoal } from '../api/set-goal';
import type { Goal } from '../types';
import styles from './goal-widget.module.css';

function pace(goal: Goal): string {
  if (goal.booksRead >= goal.target) return 'Goal reached!';
  if (goal.booksAhead > 0) return `${goal.booksAhead} ahead of pace`;
  if (goal.booksAhead < 0) return `${-goal.booksAhead} behind pace`;
  return 'Right on pace';
}

/**
 * Another reader's goal for the year, as their profile shows it (read-only): the books counted
 * are only those the viewer may see, so the numbers say "books you can see".
 */
export function ReaderGoal({ goal, name }: { goal: Goal; name: string }) {
  const headingId = useId();
  const summary = `${goal.booksRead} of ${goal.target} books read`;
  return (
    <section className={styles.goal} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.title}>
        {name}’s {goal.year} reading goal
      </h2>
      <p className={styles.numbers}>
        <strong>{goal.booksRead}</strong> of {goal.target} books · {pace(goal)}
      </p>
      <progress
        className={styles.bar}
        max={goal.target}
        value={Math.min(goal.booksRead, goal.target)}
        aria-label={`${summary} (${goal.percent}%)`}
      >
        {goal.percent}%
      </progress>
    </section>
  );
}

/** The reader's goal for a year: progress against today's pace, and a form to set or change it. */
export function GoalWidget({ year }: { year: number }) {
  const goal = useGoal(year);
  const set = useSetGoal(year);
  const remove = useDeleteGoal(year);
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  if (goal.isPending) {
    return (
      <section className={styles.goal} aria-label={`${year} reading goal`}>
        <Skeleton width="60%" />
        <Skeleton height="0.75rem" />
      </section>
    );
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = Number(target);
    if (!Number.isInteger(value) || value < 1) {
      setError('Enter how many books, 1 or more.');
      return;
    }
    set.mutate(
      { target: value },
      { onSuccess: () => setEditing(false), onError: (e) => setError(e.message) },
    );
  }

  const current = goal.data ?? null;
  if (!current || editing) {
    return (
      <section className={styles.goal} aria-labelledby={`${inputId}-h`}>
        <h2 id={`${inputId}-h`} className={styles.title}>
          {year} reading goal
        </h2>
        <form className={styles.form} onSubmit={submit} noValidate>
          <FormAlert message={error} />
          <label className={fieldStyles.fieldLabel} htmlFor={inputId}>
            Books to read in {year}
          </label>
          <div className={styles.row}>
            <input
              id={inputId}
              className={fieldStyles.fieldControl}
              type="number"
              min={1}
              inputMode="numeric"
              value={target}
              placeholder={current ? String(current.target) : '24'}
              onChange={(e) => setTarget(e.target.value)}
            />
            <Button type="submit" busy={set.isPending} busyLabel="Saving…">
              {current ? 'Save' : 'Set goal'}
            </Button>
            {current ? (
              <Button variant="ghost" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            ) : null}
          </div>
        </form>
      </section>
    );
  }

  return (
    <section className={styles.goal} aria-labelledby={`${inputId}-h`}>
      <h2 id={`${inputId}-h`} className={styles.title}>
        {year} reading goal
      </h2>
      <p className={styles.numbers}>
        <strong>{current.booksRead}</strong> of {current.target} books · {pace(current)}
      </p>
      <progress
        className={styles.bar}
        max={current.target}
        value={Math.min(current.booksRead, current.target)}
      >
        {current.percent}%
      </progress>
      <div className={styles.row}>
        <Button
          variant="ghost"
          onClick={() => {
            setTarget(String(current.target));
            setEditing(true);
          }}
        >
          Change goal
        </Button>
        <Button
          variant="ghost"
          busy={remove.isPending}
          onClick={() =>
            remove.mutate(undefined, {
              // The goal is only a number: Undo sets it again.
              onSuccess: () =>
                toast.show(`${year} reading goal removed.`, 'success', {
                  action: {
                    label: 'Undo',
                    onAction: () =>
                      set.mutate(
                        { target: current.target },
                        {
                          onSuccess: () => toast.show(`${year} reading goal put back.`),
                          onError: (e) => toast.show(e.message, 'error'),
                        },
                      ),
                  },
                }),
              onError: (e) => toast.show(e.message, 'error'),
            })
          }
        >
          Remove
        </Button>
      </div>
    </section>
  );
}
