import { buttonBlockClass, buttonClass } from '../../../components/ui/button';
import { useAuthProviders } from '../api/get-auth-providers';
import { providerStartUrl } from '../api/provider-sign-in';
import styles from './google-sign-in-link.module.css';

export function GoogleSignInLink() {
  const providers = useAuthProviders();
  if (!providers.data?.google) return null;
  return (
    <>
      <p className={styles.divider}>
        <span>or</span>
      </p>
      <a className={buttonClass('secondary', buttonBlockClass)} href={providerStartUrl()}>
        Sign in with Google
      </a>
    </>
  );
}
