import { useToast } from '../../../components/ui/toast';
import { useResendVerification } from '../api/email';
import { useMe } from '../api/get-me';
import styles from './verify-email-banner.module.css';

/** Shown on every page while the signed-in reader's address is unconfirmed (the account works meanwhile). */
export function VerifyEmailBanner() {
  const me = useMe();
  const resend = useResendVerification();
  const toast = useToast();
  const user = me.data;
  if (!user || user.emailVerified) return null;
  return (
    <section className={styles.banner} aria-label="Email confirmation">
      <p>
        Please confirm your email, <strong>{user.email}</strong>: we mailed you a link.{' '}
        <button
          type="button"
          className={styles.link}
          disabled={resend.isPending}
          onClick={() =>
            resend.mutate(undefined, {
              onSuccess: () => toast.show(`A new link is on its way to ${user.email}.`, 'success'),
              onError: (error) => toast.show(error.message, 'error'),
            })
          }
        >
          Send the link again
        </button>
      </p>
    </section>
  );
}
