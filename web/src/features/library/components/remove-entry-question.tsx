import { useEffect, useRef } from 'react';
import { Button } from '../../../components/ui/button';
import styles from './remove-entry-question.module.css';

interface RemoveEntryQuestionProps {
  noteCount: number;
  onRemove: (deleteNotes: boolean) => void;
  onCancel: () => void;
}

/** Removing a book the reader has notes on asks what becomes of the notes (kept unless they say). */
export function RemoveEntryQuestion({ noteCount, onRemove, onCancel }: RemoveEntryQuestionProps) {
  const group = useRef<HTMLFieldSetElement>(null);
  useEffect(() => group.current?.querySelector('button')?.focus(), []);
  const notes = noteCount === 1 ? 'a note' : `${noteCount}${noteCount >= 100 ? '+' : ''} notes`;
  return (
    <fieldset ref={group} className={styles.question}>
      <legend className={styles.legend}>
        You have {notes} on this book. Keep {noteCount === 1 ? 'it' : 'them'} after removing the book from
        your library?
      </legend>
      <div className="form-actions">
        <Button variant="secondary" onClick={() => onRemove(false)}>
          Remove, keep my notes
        </Button>
        <Button variant="danger" onClick={() => onRemove(true)}>
          Remove and delete my notes
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </fieldset>
  );
}
