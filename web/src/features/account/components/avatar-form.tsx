import { useEffect, useId, useRef, useState } from 'react';
import { Avatar } from '../../../components/ui/avatar';
import { Button } from '../../../components/ui/button';
import fieldStyles from '../../../components/ui/field.module.css';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { cx } from '../../../lib/cx';
import { useDeleteAvatar } from '../api/delete-avatar';
import { AVATAR_MAX_BYTES, AVATAR_TYPES, useUploadAvatar } from '../api/upload-avatar';
import { nameOf, type User } from '../types';
import styles from './avatar-form.module.css';

function checkFile(file: File): string | null {
  if (!(AVATAR_TYPES as readonly string[]).includes(file.type))
    return 'Choose a JPEG, PNG, WebP or GIF image.';
  if (file.size > AVATAR_MAX_BYTES) return 'That image is larger than 10 MB. Choose a smaller one.';
  return null;
}

export function AvatarForm({ user }: { user: User }) {
  const upload = useUploadAvatar();
  const remove = useDeleteAvatar();
  const toast = useToast();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const name = nameOf(user);

  useEffect(() => {
    if (!file) {
      setPreviewUrl(null);
      return;
    }
    const url = URL.createObjectURL(file);
    setPreviewUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  function clearSelection() {
    setFile(null);
    if (inputRef.current) inputRef.current.value = '';
  }

  function handleChange(event: React.ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setError(null);
    if (!chosen) {
      setFile(null);
      return;
    }
    const problem = checkFile(chosen);
    if (problem) {
      setError(problem);
      clearSelection();
      return;
    }
    setFile(chosen);
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setError('Choose an image first.');
      inputRef.current?.focus();
      return;
    }
    upload.mutate(file, {
      onSuccess: () => {
        clearSelection();
        toast.show('Avatar updated.');
      },
      onError: (uploadError) => setError(uploadError.message),
    });
  }

  async function keptAvatar(url: string): Promise<File | null> {
    try {
      const response = await fetch(url);
      if (!response.ok) return null;
      const blob = await response.blob();
      if (!(AVATAR_TYPES as readonly string[]).includes(blob.type)) return null;
      return new File([blob], 'avatar', { type: blob.type });
    } catch {
      return null;
    }
  }

  async function handleRemove() {
    setError(null);
    // The image is kept in this page before it is deleted, so Undo can upload it again. If it
    // cannot be read back, there is no Undo: ask first instead.
    const kept = user.avatarUrl ? await keptAvatar(user.avatarUrl) : null;
    if (!kept && !window.confirm('Remove your avatar? This cannot be undone.')) return;
    remove.mutate(undefined, {
      onSuccess: () =>
        toast.show(
          'Avatar removed.',
          'success',
          kept
            ? {
                action: {
                  label: 'Undo',
                  onAction: () =>
                    upload.mutate(kept, {
                      onSuccess: () => toast.show('Avatar put back.'),
                      onError: (uploadError) => setError(uploadError.message),
                    }),
                },
              }
            : {},
        ),
      onError: (removeError) => setError(removeError.message),
    });
  }

  const busy = upload.isPending || remove.isPending;

  return (
    <section className="card" aria-labelledby="avatar-heading">
      <h2 id="avatar-heading">Avatar</h2>
      <form onSubmit={handleSubmit} className={styles.avatarForm} noValidate>
        <div>
          <Avatar
            name={name}
            src={previewUrl ?? user.avatarUrl}
            size="xl"
            alt={previewUrl ? 'Preview of your new avatar' : user.avatarUrl ? 'Your current avatar' : ''}
          />
        </div>
        <div className={cx(styles.avatarFormControls, 'stack-sm')}>
          <FormAlert message={error} />
          <div className={fieldStyles.field}>
            <label className={fieldStyles.fieldLabel} htmlFor={inputId}>
              Choose an image
            </label>
            <p className={fieldStyles.fieldHint} id={`${inputId}-hint`}>
              JPEG, PNG, WebP or GIF, up to 10 MB. It is shown as a circle.
            </p>
            <input
              ref={inputRef}
              id={inputId}
              name="file"
              type="file"
              accept={AVATAR_TYPES.join(',')}
              className={fieldStyles.fieldFile}
              onChange={handleChange}
              aria-describedby={`${inputId}-hint`}
            />
          </div>
          <div className="form-actions">
            <Button type="submit" busy={upload.isPending} busyLabel="Uploading…" disabled={!file || busy}>
              Upload avatar
            </Button>
            {file ? (
              <Button variant="ghost" onClick={clearSelection} disabled={busy}>
                Cancel
              </Button>
            ) : null}
            {user.avatarUrl && !file ? (
              <Button
                variant="secondary"
                onClick={() => void handleRemove()}
                busy={remove.isPending}
                busyLabel="Removing…"
                disabled={busy}
              >
                Remove avatar
              </Button>
            ) : null}
          </div>
        </div>
      </form>
    </section>
  );
}
