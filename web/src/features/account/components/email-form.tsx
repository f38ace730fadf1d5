import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { useForm } from '../../../lib/use-form';
import { collectErrors, validateEmail } from '../../../lib/validation';
import { useChangeEmail } from '../api/email';
import type { User } from '../types';

const FIELDS = ['email', 'password'] as const;

/** Settings: change the email (password asked when there is one); the new address gets a link. */
export function EmailForm({ user }: { user: User }) {
  const change = useChangeEmail();
  const toast = useToast();
  const needsPassword = user.hasPassword !== false;
  const form = useForm({
    initialValues: { email: user.email, password: '' },
    fields: FIELDS,
    validate: (values) =>
      collectErrors({
        email: validateEmail(values.email.trim()),
        password: needsPassword && !values.password ? 'Enter your password to change the email.' : null,
      }),
    submit: async (values) => {
      const updated = await change.mutateAsync({
        email: values.email.trim(),
        ...(needsPassword ? { password: values.password } : {}),
      });
      form.setValues({ email: updated.email, password: '' });
      toast.show(`Saved. Confirm ${updated.email} with the link we mailed.`, 'success');
    },
  });
  return (
    <section className="card" aria-labelledby="email-heading">
      <h2 id="email-heading">Email</h2>
      <p className="muted">
        {user.email} — {user.emailVerified ? 'confirmed' : 'not confirmed yet'}
      </p>
      <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="stack">
        <FormAlert message={form.errors.form} />
        <TextField
          label="New email"
          name="email"
          type="email"
          autoComplete="email"
          value={form.values.email}
          onChange={(event) => form.setValue('email', event.target.value)}
          error={form.errors.fields.email}
        />
        {needsPassword ? (
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={form.values.password}
            onChange={(event) => form.setValue('password', event.target.value)}
            error={form.errors.fields.password}
          />
        ) : null}
        <div className="form-actions">
          <Button type="submit" busy={form.submitting} busyLabel="Saving…">
            Change email
          </Button>
        </div>
      </form>
    </section>
  );
}
