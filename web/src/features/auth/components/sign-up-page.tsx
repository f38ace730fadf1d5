import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { cx } from '../../../lib/cx';
import { focusField } from '../../../lib/focus-field';
import { firstInvalidField, formErrorsFrom, noFormErrors } from '../../../lib/form-errors';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  collectErrors,
  DISPLAY_NAME_MAX,
  PASSWORD_MAX,
  validateEmail,
  validatePassword,
  validateUsername,
} from '../../../lib/validation';
import { useRegister } from '../api/register';
import authCardStyles from './auth-card.module.css';
import { GoogleSignInLink } from './google-sign-in-link';

const FIELDS = ['email', 'username', 'displayName', 'password'] as const;

export function SignUpPage() {
  useDocumentTitle('Create an account');
  const register = useRegister();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({ email: '', username: '', displayName: '', password: '' });
  const [errors, setErrors] = useState(noFormErrors);

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = collectErrors({
      email: validateEmail(values.email.trim()),
      username: validateUsername(values.username),
      displayName:
        values.displayName.length > DISPLAY_NAME_MAX ? `Use at most ${DISPLAY_NAME_MAX} characters.` : null,
      password: validatePassword(values.password),
    });
    setErrors({ fields, form: null });
    const invalid = firstInvalidField(fields, FIELDS);
    if (invalid) {
      focusField(formRef.current, invalid);
      return;
    }
    const displayName = values.displayName.trim();
    register.mutate(
      {
        email: values.email.trim(),
        username: values.username,
        password: values.password,
        ...(displayName ? { displayName } : {}),
      },
      {
        onSuccess: () => toast.show('Welcome to Book Tracker!'),
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
        <h1>Create an account</h1>
        <p className="muted">Keep track of what you read, and see what your friends are reading.</p>
        <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack">
          <FormAlert message={errors.form} />
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={values.email}
            onChange={(event) => setValues({ ...values, email: event.target.value })}
            error={errors.fields.email}
          />
          <TextField
            label="Username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={30}
            hint="3–30 characters: lowercase letters, digits and underscores. Shown in your profile address."
            value={values.username}
            onChange={(event) => setValues({ ...values, username: event.target.value.toLowerCase() })}
            error={errors.fields.username}
          />
          <TextField
            label="Display name"
            name="displayName"
            autoComplete="name"
            optional
            maxLength={DISPLAY_NAME_MAX}
            value={values.displayName}
            onChange={(event) => setValues({ ...values, displayName: event.target.value })}
            error={errors.fields.displayName}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            maxLength={PASSWORD_MAX}
            hint="At least 8 characters."
            value={values.password}
            onChange={(event) => setValues({ ...values, password: event.target.value })}
            error={errors.fields.password}
          />
          <Button type="submit" block busy={register.isPending} busyLabel="Creating your account…">
            Create account
          </Button>
        </form>
        <GoogleSignInLink />
        <p className={authCardStyles.authCardSwitch}>
          Already have an account? <Link to="/sign-in">Sign in</Link>
        </p>
      </div>
    </div>
  );
}
