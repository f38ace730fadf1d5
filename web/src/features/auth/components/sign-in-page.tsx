import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { cx } from '../../../lib/cx';
import { focusField } from '../../../lib/focus-field';
import { firstInvalidField, formErrorsFrom, noFormErrors } from '../../../lib/form-errors';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { collectErrors } from '../../../lib/validation';
import { useLogin } from '../api/login';
import authCardStyles from './auth-card.module.css';
import { GoogleSignInLink } from './google-sign-in-link';

const FIELDS = ['login', 'password'] as const;

export function SignInPage() {
  useDocumentTitle('Sign in');
  const login = useLogin();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ login: '', password: '' });
  const [errors, setErrors] = useState(noFormErrors);

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = collectErrors({
      login: values.login.trim() ? null : 'Enter your email or username.',
      password: values.password ? null : 'Enter your password.',
    });
    setErrors({ fields, form: null });
    const invalid = firstInvalidField(fields, FIELDS);
    if (invalid) {
      focusField(formRef.current, invalid);
      return;
    }
    login.mutate(
      { login: values.login.trim(), password: values.password },
      {
        // Where to go next is <GuestOnly>'s job: it sees the user arrive and sends them on.
        onError: (error) => {
          const next = formErrorsFrom(error, FIELDS);
          setErrors(next);
          focusField(formRef.current, firstInvalidField(next.fields, FIELDS));
        },
      },
    );
  }

  return (
    <div className="page page--auth">
      <div className={cx('card', authCardStyles.authCard)}>
        <h1>Sign in</h1>
        <p className="muted">Welcome back. Pick up where you left off.</p>
        <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack">
          <FormAlert message={errors.form} />
          <TextField
            label="Email or username"
            name="login"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={values.login}
            onChange={(event) => setValues({ ...values, login: event.target.value })}
            error={errors.fields.login}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={values.password}
            onChange={(event) => setValues({ ...values, password: event.target.value })}
            error={errors.fields.password}
          />
          <Button type="submit" block busy={login.isPending} busyLabel="Signing in…">
            Sign in
          </Button>
        </form>
        <GoogleSignInLink />
        <p className={authCardStyles.authCardSwitch}>
          New to Book Tracker? <Link to="/sign-up">Create an account</Link>
        </p>
      </div>
    </div>
  );
}
