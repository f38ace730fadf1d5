import { useState } from 'react';
import { Link } from 'react-router';
import { APP_PATHS } from '../../../app/route-paths';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { cx } from '../../../lib/cx';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useForm } from '../../../lib/use-form';
import { collectErrors, validateEmail } from '../../../lib/validation';
import { useRequestPasswordReset } from '../api/password-reset';
import authCardStyles from './auth-card.module.css';

export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const request = useRequestPasswordReset();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '' },
    fields: ['email'] as const,
    validate: (values) => collectErrors({ email: validateEmail(values.email.trim()) }),
    submit: async (values) => {
      await request.mutateAsync({ email: values.email.trim() });
      setSentTo(values.email.trim());
    },
  });

  return (
    <div className="page page--auth">
      <div className={cx('card', authCardStyles.authCard)}>
        <h1>Forgot your password?</h1>
        {sentTo ? (
          <div role="status" className="stack">
            <p>
              If <strong>{sentTo}</strong> belongs to an account, a mail with a link to choose a new password
              is on its way. The link works once, for one hour.
            </p>
            <p className="muted">Nothing arrived? Check the spam folder, or ask again in a few minutes.</p>
          </div>
        ) : (
          <>
            <p className="muted">Enter the address you signed up with and we will mail you a link.</p>
            <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="stack">
              <FormAlert message={form.errors.form} />
              <TextField
                label="Email"
                name="email"
                type="email"
                autoComplete="email"
                required
                value={form.values.email}
                onChange={(event) => form.setValue('email', event.target.value)}
                error={form.errors.fields.email}
              />
              <Button type="submit" block busy={form.submitting} busyLabel="Sending…">
                Mail me a link
              </Button>
            </form>
          </>
        )}
        <p className={authCardStyles.authCardSwitch}>
          Remembered it? <Link to={APP_PATHS.signIn}>Sign in</Link>
        </p>
      </div>
    </div>
  );
}
