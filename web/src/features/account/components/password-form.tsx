import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { useForm } from '../../../lib/use-form';
import { collectErrors, PASSWORD_MAX, validatePassword } from '../../../lib/validation';
import { useChangePassword } from '../api/change-password';
import type { User } from '../types';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;
const EMPTY = { currentPassword: '', newPassword: '', confirmPassword: '' };

export function PasswordForm({ user }: { user: User }) {
  const changePassword = useChangePassword();
  const toast = useToast();
  // An account made with a provider has no password yet and may set one.
  const hasPassword = user.hasPassword !== false;
  const form = useForm({
    initialValues: EMPTY,
    fields: FIELDS,
    validate: (values) =>
      collectErrors({
        currentPassword: !hasPassword || values.currentPassword ? null : 'Enter your current password.',
        newPassword: validatePassword(values.newPassword),
        confirmPassword:
          values.confirmPassword === values.newPassword ? null : 'This does not match the new password.',
      }),
    submit: async (values) => {
      await changePassword.mutateAsync({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      form.setValues(EMPTY);
      toast.show(
        hasPassword
          ? 'Password changed. Other devices have been signed out.'
          : 'Password set. Other devices have been signed out.',
      );
    },
  });
  const { values, errors } = form;

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="stack">
        <FormAlert message={errors.form} />
        {hasPassword ? (
          <TextField
            label="Current password"
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            value={values.currentPassword}
            onChange={(event) => form.setValue('currentPassword', event.target.value)}
            error={errors.fields.currentPassword}
          />
        ) : (
          <p className="muted">You sign in with a provider. Set a password to sign in without it too.</p>
        )}
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          maxLength={PASSWORD_MAX}
          hint="At least 8 characters."
          value={values.newPassword}
          onChange={(event) => form.setValue('newPassword', event.target.value)}
          error={errors.fields.newPassword}
        />
        <TextField
          label="Confirm new password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          maxLength={PASSWORD_MAX}
          value={values.confirmPassword}
          onChange={(event) => form.setValue('confirmPassword', event.target.value)}
          error={errors.fields.confirmPassword}
        />
        <div className="form-actions">
          <Button type="submit" busy={form.submitting} busyLabel="Saving…">
            {hasPassword ? 'Change password' : 'Set password'}
          </Button>
        </div>
      </form>
    </section>
  );
}
