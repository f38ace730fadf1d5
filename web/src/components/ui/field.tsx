import {
  type InputHTMLAttributes,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';
import { cx } from '../../lib/cx';
import styles from './field.module.css';

interface FieldShellProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean | undefined;
  children: React.ReactNode;
}

/** "is taken" under "Username" reads as "Username is taken."; full sentences stay as they are. */
function sentenceFor(label: string, error: string): string {
  const sentence = /^[a-z]/.test(error) ? `${label} ${error}` : error;
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function FieldShell({ id, label, hint, error, optional, children }: FieldShellProps) {
  return (
    <div className={cx(styles.field, error && styles.fieldInvalid)}>
      <label className={styles.fieldLabel} htmlFor={id}>
        {label}
        {optional ? <span className={styles.fieldOptional}> (optional)</span> : null}
      </label>
      {hint ? (
        <p className={styles.fieldHint} id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      <p className={styles.fieldError} id={`${id}-error`} aria-live="polite">
        {error ? sentenceFor(label, error) : ''}
      </p>
    </div>
  );
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
}

interface CommonProps {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
}

export function TextField({
  label,
  hint,
  error,
  optional,
  id,
  ...input
}: CommonProps & InputHTMLAttributes<HTMLInputElement>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldShell id={fieldId} label={label} hint={hint} error={error} optional={optional}>
      <input
        {...input}
        id={fieldId}
        className={styles.fieldControl}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
      />
    </FieldShell>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  optional,
  id,
  ...textarea
}: CommonProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldShell id={fieldId} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        {...textarea}
        id={fieldId}
        className={cx(styles.fieldControl, styles.fieldControlTextarea)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
      />
    </FieldShell>
  );
}

export function SelectField({
  label,
  hint,
  error,
  optional,
  id,
  children,
  ...select
}: CommonProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <FieldShell id={fieldId} label={label} hint={hint} error={error} optional={optional}>
      <select
        {...select}
        id={fieldId}
        className={cx(styles.fieldControl, styles.fieldControlSelect)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
      >
        {children}
      </select>
    </FieldShell>
  );
}
