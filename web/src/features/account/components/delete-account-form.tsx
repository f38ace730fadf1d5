import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { focusField } from '../../../lib/focus-field';
import { formErrorsFrom, noFormErrors } from '../../../lib/form-errors';
import { useDeleteAccount } from '../api/delete-account';
import type { User } from '../types';

const FIELDS = ['password'] as const;

export function DeleteAccountForm({ user }: { user: User }) {
  const needsPassword = user.hasPassword !== false;
  const deleteAccount = useDeleteAccount();
  const toast = useToast();
  const navigate = useNavigate();
  const formRef = useRef<HTMLFormElement>(null);
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState(noFormErrors);

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (needsPassword && !password) {
      setErrors({ fields: { password: 'Enter your password to confirm.' }, form: null });
      focusField(formRef.current, 'password');
      return;
    }
    setErrors(noFormErrors);
    deleteAccount.mutate(needsPassword ? { password } : {}, {
      onSuccess: () => {
        toast.show('Your account and everything in it has been deleted.', 'info');
        void navigate('/sign-up', { replace: true });
      },
      onError: (error) => {
        const next = formErrorsFrom(error, FIELDS);
        setErrors(next);
        focusField(formRef.current, next.fields.password ? 'password' : null);
      },
    });
  }

  return (
    <section className="card card--danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <p>
        This removes your profile, library, journal, notes and uploaded files for good. It cannot be undone.
      </p>
      {open ? (
        <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack">
          <FormAlert message={errors.form} />
          {needsPassword ? (
            <TextField
              label="Your password"
              name="password"
              type="password"
              autoComplete="current-password"
              hint="To make sure it is really you."
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={errors.fields.password}
              autoFocus
            />
          ) : (
            <p>Are you sure? Your Google sign-in will be unlinked too.</p>
          )}
          <div className="form-actions">
            <Button type="submit" variant="danger" busy={deleteAccount.isPending} busyLabel="Deleting…">
              Delete my account forever
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setOpen(false);
                setPassword('');
                setErrors(noFormErrors);
              }}
            >
              Keep my account
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="danger" onClick={() => setOpen(true)} aria-expanded={false}>
          Delete account…
        </Button>
      )}
    </section>
  );
}
