import { buttonClass } from '../../../components/ui/button';
import { useToast } from '../../../components/ui/toast';
import { fullDateTime, relativeTime } from '../../../lib/relative-time';
import { type SessionItem, useRevokeSessions, useSessions } from '../api/sessions';
import styles from './sessions-section.module.css';

function SessionRow({ session }: { session: SessionItem }) {
  const revoke = useRevokeSessions();
  const toast = useToast();
  const name = `${session.browser} on ${session.device}`;
  return (
    <li className={styles.row}>
      <div className={styles.what}>
        <strong>{name}</strong>
        {session.current ? <span className={styles.current}> · this device</span> : null}
        <div className="muted">
          {session.place} · last used{' '}
          <time dateTime={session.lastUsedAt} title={fullDateTime(session.lastUsedAt)}>
            {relativeTime(session.lastUsedAt)}
          </time>
        </div>
      </div>
      {session.current ? null : (
        <button
          type="button"
          className={buttonClass('secondary')}
          disabled={revoke.isPending}
          onClick={() => {
            // A signed-out device cannot be signed back in from here: ask instead of offering Undo.
            if (!window.confirm(`Sign out ${name}? It will need to sign in again.`)) return;
            revoke.mutate(session.id, {
              onSuccess: () => toast.show(`Signed out ${name}.`, 'success'),
              onError: (error) => toast.show(error.message, 'error'),
            });
          }}
        >
          Sign out <span className="visually-hidden">{name}</span>
        </button>
      )}
    </li>
  );
}

/** Settings: where this account is signed in, with "sign out" per session and everywhere else. */
export function SessionsSection() {
  const sessions = useSessions();
  const revokeOthers = useRevokeSessions();
  const toast = useToast();
  const others = sessions.data?.items.filter((s) => !s.current).length ?? 0;
  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      {sessions.isPending ? (
        <p className="muted">Loading…</p>
      ) : sessions.isError ? (
        <p role="alert">{sessions.error.message}</p>
      ) : (
        <>
          <ul className={styles.list}>
            {sessions.data.items.map((session) => (
              <SessionRow key={session.id} session={session} />
            ))}
          </ul>
          {others > 0 ? (
            <div className="form-actions">
              <button
                type="button"
                className={buttonClass('secondary')}
                disabled={revokeOthers.isPending}
                onClick={() => {
                  if (!window.confirm('Sign out every other device? Each will need to sign in again.'))
                    return;
                  revokeOthers.mutate(null, {
                    onSuccess: () => toast.show('Every other device was signed out.', 'success'),
                    onError: (error) => toast.show(error.message, 'error'),
                  });
                }}
              >
                Sign out everywhere else
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
