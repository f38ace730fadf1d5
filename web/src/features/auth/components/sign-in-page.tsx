import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { cx } from '../../../lib/cx';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useForm } from '../../../lib/use-form';
import { collectErrors } from '../../../lib/validation';
import { sessionEndedNotice } from '../../account/api/get-me';
import { useLogin } from '../api/login';
import authCardStyles from './auth-card.module.css';
import { GoogleSignInLink } from './google-sign-in-link';

const FIELDS = ['login', 'password'] as const;

export function SignInPage() {
  useDocumentTitle('Sign in');
  const login = useLogin();
  const [sessionEnded] = useState(sessionEndedNotice);
  const form = useForm({
    initialValues: { login: '', password: '' },
    fields: FIELDS,
    validate: (values) =>
      collectErrors({
        login: values.login.trim() ? null : 'Enter your email or username.',
        password: values.password ? null : 'Enter your password.',
      }),
    // Where to go next is <GuestOnly>'s job: it sees the user arrive and sends them on.
    submit: (values) => login.mutateAsync({ login: values.login.trim(), password: values.password }),
  });
  const { values, errors } = form;

  return (
    <div className="page page--auth">
      <div className={cx('card', authCardStyles.authCard)}>
        <h1>Sign in</h1>
        <p className="muted">Welcome back. Pick up where you left off.</p>
        {sessionEnded ? (
          <p className="notice" role="status">
            You were signed out on this device: you signed out everywhere, changed your password on another
            device, or the session expired. Sign in again to carry on.
          </p>
        ) : null}
        <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="stack">
          <FormAlert message={errors.form} />
          <TextField
            label="Email or username"
            name="login"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={values.login}
            onChange={(event) => form.setValue('login', event.target.value)}
            error={errors.fields.login}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={values.password}
            onChange={(event) => form.setValue('password', event.target.value)}
            error={errors.fields.password}
          />
          <Button type="submit" block busy={form.submitting} busyLabel="Signing in…">
            Sign in
          </Button>
          <p className={authCardStyles.authCardForgot}>
            <Link to="/forgot-password">Forgot password?</Link>
          </p>
        </form>
        <GoogleSignInLink />
        <p className={authCardStyles.authCardSwitch}>
          New to Book Tracker? <Link to="/sign-up">Create an account</Link>
        </p>
      </div>
    </div>
  );
}
