import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { noFormErrors } from '../../../lib/form-errors';
import { useForm } from '../../../lib/use-form';
import { collectErrors } from '../../../lib/validation';
import { useDeleteAccount } from '../api/delete-account';
import type { User } from '../types';

const FIELDS = ['password'] as const;

export function DeleteAccountForm({ user }: { user: User }) {
  const needsPassword = user.hasPassword !== false;
  const deleteAccount = useDeleteAccount();
  const toast = useToast();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const form = useForm({
    initialValues: { password: '' },
    fields: FIELDS,
    validate: (values) =>
      collectErrors({
        password: needsPassword && !values.password ? 'Enter your password to confirm.' : null,
      }),
    submit: async (values) => {
      await deleteAccount.mutateAsync(needsPassword ? { password: values.password } : {});
      toast.show('Your account and everything in it has been deleted.', 'info');
      void navigate('/sign-up', { replace: true });
    },
  });
  const { errors } = form;

  return (
    <section className="card card--danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete account</h2>
      <p>
        This removes your profile, library, journal, notes and uploaded files for good. It cannot be undone.
      </p>
      {open ? (
        <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="stack">
          <FormAlert message={errors.form} />
          {needsPassword ? (
            <TextField
              label="Your password"
              name="password"
              type="password"
              autoComplete="current-password"
              hint="To make sure it is really you."
              value={form.values.password}
              onChange={(event) => form.setValue('password', event.target.value)}
              error={errors.fields.password}
              autoFocus
            />
          ) : (
            <p>Are you sure? Your Google sign-in will be unlinked too.</p>
          )}
          <div className="form-actions">
            <Button type="submit" variant="danger" busy={form.submitting} busyLabel="Deleting…">
              Delete my account forever
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                setOpen(false);
                form.setValues({ password: '' });
                form.setErrors(noFormErrors);
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
