import { resolveApiUrl } from '../../../lib/api-client';
import { useAuthProviders } from '../api/get-auth-providers';

export function GoogleSignInLink() {
  const providers = useAuthProviders();
  if (!providers.data?.google) return null;
  return (
    <>
      <p className="divider">
        <span>or</span>
      </p>
      <a className="button button--secondary button--block" href={resolveApiUrl('/api/auth/google')}>
        Sign in with Google
      </a>
    </>
  );
}
