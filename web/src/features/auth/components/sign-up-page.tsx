import { Link } from 'react-router';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { useToast } from '../../../components/ui/toast';
import { cx } from '../../../lib/cx';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useForm } from '../../../lib/use-form';
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
  const form = useForm({
    initialValues: { email: '', username: '', displayName: '', password: '' },
    fields: FIELDS,
    validate: (values) =>
      collectErrors({
        email: validateEmail(values.email.trim()),
        username: validateUsername(values.username),
        displayName:
          values.displayName.length > DISPLAY_NAME_MAX ? `Use at most ${DISPLAY_NAME_MAX} characters.` : null,
        password: validatePassword(values.password),
      }),
    submit: async (values) => {
      const displayName = values.displayName.trim();
      await register.mutateAsync({
        email: values.email.trim(),
        username: values.username,
        password: values.password,
        ...(displayName ? { displayName } : {}),
      });
      toast.show('Welcome to Book Tracker!');
    },
  });
  const { values, errors } = form;

  return (
    <div className="page page--auth">
      <div className={cx('card', authCardStyles.authCard)}>
        <h1>Create an account</h1>
        <p className="muted">Keep track of what you read, and see what your friends are reading.</p>
        <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="stack">
          <FormAlert message={errors.form} />
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={values.email}
            onChange={(event) => form.setValue('email', event.target.value)}
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
            onChange={(event) => form.setValue('username', event.target.value.toLowerCase())}
            error={errors.fields.username}
          />
          <TextField
            label="Display name"
            name="displayName"
            autoComplete="name"
            optional
            maxLength={DISPLAY_NAME_MAX}
            value={values.displayName}
            onChange={(event) => form.setValue('displayName', event.target.value)}
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
            onChange={(event) => form.setValue('password', event.target.value)}
            error={errors.fields.password}
          />
          <Button type="submit" block busy={form.submitting} busyLabel="Creating your account…">
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
