import { buttonBlockClass, buttonClass } from '../../../components/ui/button';
import { resolveApiUrl } from '../../../lib/api-client';
import { useAuthProviders } from '../api/get-auth-providers';
import styles from './google-sign-in-link.module.css';

export function GoogleSignInLink() {
  const providers = useAuthProviders();
  if (!providers.data?.google) return null;
  return (
    <>
      <p className={styles.divider}>
        <span>or</span>
      </p>
      <a className={buttonClass('secondary', buttonBlockClass)} href={resolveApiUrl('/api/auth/google')}>
        Sign in with Google
      </a>
    </>
  );
}
