import { buttonClass } from '../../../components/ui/button';
import { useToast } from '../../../components/ui/toast';
import { useAuthProviders } from '../../auth/api/get-auth-providers';
import { providerStartUrl } from '../../auth/api/provider-sign-in';
import { useIdentities, useUnlinkIdentity } from '../api/identities';
import type { User } from '../types';
import styles from './sessions-section.module.css';

/** Settings: how this account signs in (password, provider) with link and unlink. */
export function SignInMethods({ user }: { user: User }) {
  const identities = useIdentities();
  const providers = useAuthProviders();
  const unlink = useUnlinkIdentity();
  const toast = useToast();
  const items = identities.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="methods-heading">
      <h2 id="methods-heading">Sign-in methods</h2>
      <ul className={styles.list}>
        <li className={styles.row}>
          <div className={styles.what}>
            <strong>Password</strong>
            <div className="muted">
              {user.hasPassword ? 'Set' : 'Not set: choose one below to sign in without the provider'}
            </div>
          </div>
        </li>
        {items.map((identity) => (
          <li key={identity.id} className={styles.row}>
            <div className={styles.what}>
              <strong>
                {new URL(identity.provider).hostname === 'accounts.google.com'
                  ? 'Google'
                  : new URL(identity.provider).hostname}
              </strong>
              <div className="muted">{identity.email ?? 'linked'}</div>
            </div>
            <button
              type="button"
              className={buttonClass('secondary')}
              disabled={unlink.isPending}
              onClick={() => {
                // Linking again goes through the provider's sign-in: no Undo, so ask first.
                if (!window.confirm('Unlink this sign-in method? Linking it again needs its sign-in.'))
                  return;
                unlink.mutate(identity.id, {
                  onSuccess: () => toast.show('Unlinked.', 'success'),
                  onError: (error) => toast.show(error.message, 'error'),
                });
              }}
            >
              Unlink <span className="visually-hidden">{identity.email ?? identity.provider}</span>
            </button>
          </li>
        ))}
      </ul>
      {providers.data?.google && items.length === 0 ? (
        <div className="form-actions">
          <a className={buttonClass('secondary')} href={providerStartUrl('link')}>
            Link Google
          </a>
        </div>
      ) : null}
    </section>
  );
}
