import { Link, useNavigate, useSearchParams } from 'react-router';
import { APP_PATHS } from '../../../app/route-paths';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/field';
import { FormAlert } from '../../../components/ui/form-alert';
import { cx } from '../../../lib/cx';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useForm } from '../../../lib/use-form';
import { collectErrors, validateUsername } from '../../../lib/validation';
import {
  type PendingSignup,
  providerStartUrl,
  useCompleteSignup,
  usePendingSignup,
} from '../api/provider-sign-in';
import authCardStyles from './auth-card.module.css';

/** What each refusal of the provider flow means, in words (codes from the server's callback). */
const ERRORS: Record<string, string> = {
  access_denied: 'You did not allow Book Tracker to use your account with the provider, so nothing happened.',
  state_mismatch:
    'The answer from the provider did not belong to a sign-in started in this browser. Nothing was signed in.',
  code_rejected:
    'The provider refused this sign-in (the link was already used or is too old). Please try again.',
  token_rejected: 'The provider’s answer could not be verified, so it was refused. Please try again.',
  flow_expired: 'The sign-in took too long or was started in another browser. Please start again.',
  link_from_settings:
    'An account with this email already exists. Sign in with its password, then link the provider from Settings.',
  identity_in_use: 'That provider account is already linked to another Book Tracker account.',
  email_required: 'The provider did not share an email address, which Book Tracker needs.',
  not_signed_in: 'Sign in first, then link the provider from Settings.',
  provider_unreachable: 'The sign-in provider could not be reached. Please try again later.',
  not_configured: 'Sign-in with a provider is not set up on this server.',
};

function SignupForm({ pending }: { pending: PendingSignup }) {
  const complete = useCompleteSignup();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { username: pending.suggestedUsername },
    fields: ['username'] as const,
    validate: (values) => collectErrors({ username: validateUsername(values.username.trim().toLowerCase()) }),
    submit: async (values) => {
      await complete.mutateAsync({ username: values.username.trim().toLowerCase() });
      await navigate('/', { replace: true });
    },
  });
  return (
    <>
      <p className="muted">
        Welcome! You are creating an account for <strong>{pending.email}</strong>. Choose your username.
      </p>
      <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="stack">
        <FormAlert message={form.errors.form} />
        <TextField
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          hint="3 to 30 lowercase letters, digits or underscores."
          value={form.values.username}
          onChange={(event) => form.setValue('username', event.target.value)}
          error={form.errors.fields.username}
        />
        <Button type="submit" block busy={form.submitting} busyLabel="Creating…">
          Create account
        </Button>
      </form>
    </>
  );
}

/** Where the provider flow ends when it does not end signed in: the username step, or what went wrong. */
export function ProviderReturnPage() {
  useDocumentTitle('Sign in with a provider');
  const [params] = useSearchParams();
  const signup = params.get('signup') === '1';
  const error = params.get('error');
  const pending = usePendingSignup(signup);
  return (
    <div className="page page--auth">
      <div className={cx('card', authCardStyles.authCard)}>
        <h1>{signup ? 'One more step' : 'Sign-in did not finish'}</h1>
        {signup ? (
          pending.data ? (
            <SignupForm pending={pending.data} />
          ) : pending.isError ? (
            <p role="alert">
              This sign-up waited too long. <a href={providerStartUrl()}>Start again</a>
            </p>
          ) : (
            <p role="status">Loading…</p>
          )
        ) : (
          <p role="alert">
            {ERRORS[error ?? ''] ?? 'Something went wrong with the provider. Please try again.'}
          </p>
        )}
        <p className={authCardStyles.authCardSwitch}>
          <Link to={APP_PATHS.signIn}>Back to sign in</Link>
        </p>
      </div>
    </div>
  );
}
