import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { APP_PATHS } from '../../../app/route-paths';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { isApiError } from '../../../lib/api-client';
import { cx } from '../../../lib/cx';
import { formErrorsFrom } from '../../../lib/form-errors';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useForm } from '../../../lib/use-form';
import { collectErrors, PASSWORD_MAX, validatePassword } from '../../../lib/validation';
import { useConfirmPasswordReset } from '../api/password-reset';
import authCardStyles from './auth-card.module.css';

/** The mailed link carries its token in the fragment (`#token=…`), which never reaches a server. */
function tokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token');
}

const FIELDS = ['password', 'confirmPassword'] as const;

export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const location = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const [token] = useState(() => tokenFromHash(location.hash));
  const confirm = useConfirmPasswordReset();
  const form = useForm({
    initialValues: { password: '', confirmPassword: '' },
    fields: FIELDS,
    // A used or expired link is said in words at the top, not as a field error.
    toErrors: (error) =>
      isApiError(error) && error.code === 'invalid_reset_token'
        ? { fields: {}, form: error.message }
        : formErrorsFrom(error, FIELDS),
    validate: (values) =>
      collectErrors({
        password: validatePassword(values.password),
        confirmPassword:
          values.confirmPassword === values.password ? null : 'This does not match the new password.',
      }),
    submit: async (values) => {
      await confirm.mutateAsync({ token: token ?? '', password: values.password });
      toast.show('Your password is set. Every other device was signed out.', 'success');
      await navigate('/', { replace: true });
    },
  });

  return (
    <div className="page page--auth">
      <div className={cx('card', authCardStyles.authCard)}>
        <h1>Choose a new password</h1>
        {token ? (
          <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="stack">
            <FormAlert message={form.errors.form} />
            <TextField
              label="New password"
              name="password"
              type="password"
              autoComplete="new-password"
              maxLength={PASSWORD_MAX}
              hint="At least 8 characters."
              required
              value={form.values.password}
              onChange={(event) => form.setValue('password', event.target.value)}
              error={form.errors.fields.password}
            />
            <TextField
              label="Confirm new password"
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
              maxLength={PASSWORD_MAX}
              required
              value={form.values.confirmPassword}
              onChange={(event) => form.setValue('confirmPassword', event.target.value)}
              error={form.errors.fields.confirmPassword}
            />
            <Button type="submit" block busy={form.submitting} busyLabel="Saving…">
              Set password and sign in
            </Button>
          </form>
        ) : (
          <p role="alert">
            This link is incomplete. Open the link from the mail again, or ask for a new one.
          </p>
        )}
        <p className={authCardStyles.authCardSwitch}>
          <Link to={APP_PATHS.forgotPassword}>Ask for a new link</Link>
        </p>
      </div>
    </div>
  );
}
