import { useId, useRef, useState } from 'react';
import { cx } from '../../lib/cx';
import { buttonClass } from './button';
import chipStyles from './chip.module.css';
import fieldStyles from './field.module.css';
import styles from './tags-input.module.css';

interface TagsInputProps {
  label: string;
  value: readonly string[];
  onChange: (tags: string[]) => void;
  suggestions?: readonly string[];
  hint?: string;
  maxTags?: number;
  maxLength?: number;
  disabled?: boolean;
}

function sameTag(a: string, b: string): boolean {
  return a.toLocaleLowerCase() === b.toLocaleLowerCase();
}

/**
 * Tags as chips: type and press Enter (or a comma) to add one, Backspace in the empty box to
 * take the last one back, or the × on a chip to remove it. Changes are announced politely.
 */
export function TagsInput({
  label,
  value,
  onChange,
  suggestions = [],
  hint = 'Press Enter or type a comma to add a tag.',
  maxTags = 30,
  maxLength = 50,
  disabled = false,
}: TagsInputProps) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  const unused = suggestions.filter((tag) => !value.some((existing) => sameTag(existing, tag)));

  function add(raw: string) {
    const tag = raw.trim().replace(/\s+/g, ' ');
    if (!tag) return;
    setDraft('');
    if (value.some((existing) => sameTag(existing, tag))) {
      setAnnouncement(`${tag} is already a tag.`);
      return;
    }
    if (value.length >= maxTags) {
      setError(`A book can have at most ${maxTags} tags.`);
      return;
    }
    if ([...tag].length > maxLength) {
      setError(`A tag can be at most ${maxLength} characters long.`);
      return;
    }
    setError(null);
    onChange([...value, tag]);
    setAnnouncement(`Added tag ${tag}.`);
  }

  function remove(tag: string) {
    onChange(value.filter((existing) => existing !== tag));
    setAnnouncement(`Removed tag ${tag}.`);
    setError(null);
    inputRef.current?.focus();
  }

  function handleKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add(draft);
    } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
      const last = value[value.length - 1];
      if (last) remove(last);
    }
  }

  return (
    <div className={cx(fieldStyles.field, error && fieldStyles.fieldInvalid)}>
      <label className={fieldStyles.fieldLabel} htmlFor={id}>
        {label}
      </label>
      <p className={fieldStyles.fieldHint} id={`${id}-hint`}>
        {hint}
      </p>
      <div className={cx(styles.tagsInput, error && styles.tagsInputInvalid)}>
        {value.length > 0 ? (
          <ul className={styles.tagsInputList} aria-label={label}>
            {value.map((tag) => (
              <li key={tag} className={chipStyles.chip}>
                <span className={chipStyles.chipLabel}>{tag}</span>
                <button
                  type="button"
                  className={chipStyles.chipRemove}
                  aria-label={`Remove tag ${tag}`}
                  disabled={disabled}
                  onClick={() => remove(tag)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <div className={styles.tagsInputEntry}>
          <input
            ref={inputRef}
            id={id}
            className={styles.tagsInputControl}
            value={draft}
            disabled={disabled}
            list={unused.length > 0 ? `${id}-suggestions` : undefined}
            placeholder={value.length === 0 ? 'e.g. favourites, book club' : 'Add a tag'}
            autoComplete="off"
            enterKeyHint="done"
            maxLength={maxLength + 10}
            aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
            aria-invalid={error ? true : undefined}
            onChange={(event) => {
              const next = event.target.value;
              // Pasting "a, b, c" adds all three.
              if (next.includes(',')) {
                const parts = next.split(',');
                const rest = parts.pop() ?? '';
                let tags = [...value];
                for (const part of parts) {
                  const tag = part.trim();
                  if (tag && !tags.some((existing) => sameTag(existing, tag))) tags = [...tags, tag];
                }
                if (tags.length !== value.length) onChange(tags.slice(0, maxTags));
                setDraft(rest);
              } else {
                setDraft(next);
              }
            }}
            onKeyDown={handleKeyDown}
          />
          {draft.trim() ? (
            <button
              type="button"
              className={buttonClass('secondary', styles.tagsInputAdd)}
              disabled={disabled}
              onClick={() => {
                add(draft);
                inputRef.current?.focus();
              }}
            >
              Add
            </button>
          ) : null}
        </div>
        {unused.length > 0 ? (
          <datalist id={`${id}-suggestions`}>
            {unused.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        ) : null}
      </div>
      <p className={fieldStyles.fieldError} id={`${id}-error`} aria-live="polite">
        {error ?? ''}
      </p>
      <span className="visually-hidden" role="status">
        {announcement}
      </span>
    </div>
  );
}
