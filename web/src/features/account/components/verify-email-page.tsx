import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useVerifyEmail } from '../api/email';

/** The landing page of the mailed link (`/verify-email#token=…`): confirms at once and says so. */
export function VerifyEmailPage() {
  useDocumentTitle('Confirm your email');
  const location = useLocation();
  const [token] = useState(() => new URLSearchParams(location.hash.replace(/^#/, '')).get('token'));
  const verify = useVerifyEmail();
  const started = useRef(false);
  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    verify.mutate(token);
  }, [token, verify]);

  return (
    <div className="page page--auth">
      <div className="card">
        <h1>Confirm your email</h1>
        {!token ? (
          <p role="alert">This link is incomplete. Open the link from the mail again.</p>
        ) : verify.isSuccess ? (
          <p role="status">
            Thank you: <strong>{verify.data.email}</strong> is confirmed.{' '}
            <Link to="/">Go to Book Tracker</Link>
          </p>
        ) : verify.isError ? (
          <p role="alert">
            {verify.error.message} <Link to="/settings">Settings</Link>
          </p>
        ) : (
          <p role="status">Confirming…</p>
        )}
      </div>
    </div>
  );
}
