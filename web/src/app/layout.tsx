import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar } from '../components/ui/avatar';
import { buttonClass } from '../components/ui/button';
import { useToast } from '../components/ui/toast';
import { useMe } from '../features/account/api/get-me';
import { VerifyEmailBanner } from '../features/account/components/verify-email-banner';
import { nameOf } from '../features/account/types';
import { useLogout } from '../features/auth/api/logout';
import { OfflineReplayer } from '../features/library/components/offline-replayer';
import { cx } from '../lib/cx';
import { queuedChanges } from '../lib/offline-queue';
import styles from './layout.module.css';
import { NavIcon } from './nav-icons';
import { NetworkBanner } from './network-banner';

interface NavItem {
  to: string;
  label: string;
  end?: boolean;
  /** Left out of the phone's tab bar, where the header's avatar leads to the same page. */
  notOnPhone?: boolean;
}

const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'Feed', end: true },
  { to: '/search', label: 'Search' },
  { to: '/library', label: 'Library' },
  { to: '/journal', label: 'Journal' },
  { to: '/stats', label: 'Stats' },
  { to: '/readers', label: 'Readers' },
  { to: '/profile', label: 'Profile', notOnPhone: true },
  { to: '/settings', label: 'Settings' },
];

function navClass({ isActive }: { isActive: boolean }): string {
  return cx(styles.siteNavLink, isActive && styles.siteNavLinkActive);
}

function SignOutButton() {
  const logout = useLogout();
  const navigate = useNavigate();
  const toast = useToast();
  return (
    <button
      type="button"
      className={buttonClass('ghost', styles.siteHeaderSignout)}
      disabled={logout.isPending}
      onClick={() => {
        const waiting = queuedChanges().length;
        if (
          waiting > 0 &&
          !window.confirm(
            `${waiting === 1 ? '1 change' : `${waiting} changes`} made offline ${waiting === 1 ? 'has' : 'have'} not been sent yet. Sign out and drop ${waiting === 1 ? 'it' : 'them'}?`,
          )
        )
          return;
        logout.mutate(undefined, {
          onSuccess: () => {
            toast.show('You are signed out.', 'info');
            void navigate('/sign-in', { replace: true });
          },
          onError: (error) => toast.show(error.message, 'error'),
        });
      }}
    >
      Sign out
    </button>
  );
}

/** After a client-side navigation, move focus to the new page so screen readers start there. */
function useFocusMainOnNavigate() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const lastPathname = useRef(pathname);
  useEffect(() => {
    if (lastPathname.current === pathname) return;
    lastPathname.current = pathname;
    const main = mainRef.current;
    if (!main) return;
    const heading = main.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    } else {
      main.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }, [pathname]);
  return mainRef;
}

export function AppLayout() {
  const me = useMe();
  const user = me.data ?? null;
  const mainRef = useFocusMainOnNavigate();

  return (
    <div className={styles.appShell}>
      <a className={styles.skipLink} href="#main">
        Skip to content
      </a>
      <header className={styles.siteHeader}>
        <div className={styles.siteHeaderInner}>
          <Link to="/" className={styles.brand}>
            <span className={styles.brandMark} aria-hidden="true" />
            <span>Book Tracker</span>
          </Link>
          {user ? (
            <>
              {/* Under 640 px this is the bottom tab bar: every destination but Profile (the avatar
                  above leads there), none clipped, each at least 44 px wide on a 320 px screen. */}
              <nav className={cx(styles.siteNav, styles.siteNavMain)} aria-label="Main" data-tab-bar="">
                <ul className={styles.siteNavList}>
                  {NAV_ITEMS.map((item) => (
                    <li key={item.to} className={item.notOnPhone ? styles.siteNavNotOnPhone : undefined}>
                      {/* Profile points at the reader's own page, so it shows as current there. */}
                      <NavLink
                        to={item.to === '/profile' ? `/u/${encodeURIComponent(user.username)}` : item.to}
                        end={item.end ?? false}
                        className={navClass}
                      >
                        <NavIcon to={item.to} className={styles.siteNavIcon} />
                        <span className={styles.siteNavLabel}>{item.label}</span>
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
              <div className={styles.siteHeaderAccount}>
                {/* Named by hidden text, not aria-label: the initials on show are decoration. */}
                <Link to="/profile" className={styles.siteHeaderMe}>
                  <Avatar name={nameOf(user)} src={user.avatarUrl} size="sm" />
                  <span className="visually-hidden">Your profile, {nameOf(user)}</span>
                </Link>
                <SignOutButton />
              </div>
            </>
          ) : me.isPending ? null : (
            <nav className={cx(styles.siteNav, styles.siteNavGuest)} aria-label="Account">
              <ul className={styles.siteNavList}>
                <li>
                  <NavLink to="/sign-in" className={navClass}>
                    Sign in
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/sign-up" className={navClass}>
                    Sign up
                  </NavLink>
                </li>
              </ul>
            </nav>
          )}
        </div>
      </header>
      <NetworkBanner />
      <OfflineReplayer />
      <main id="main" className={styles.siteMain} tabIndex={-1} ref={mainRef}>
        <Outlet />
      </main>
      {/* After the page, not above it: the reader's account arrives after the page has painted, and a
          banner appearing above it pushed the whole page down (Lighthouse CLS 0.106 on home). */}
      <VerifyEmailBanner />
      <footer className={cx(styles.siteFooter, user && styles.siteFooterWithTabs)}>
        <p>
          Book Tracker — your reading, your server. <a href="/docs">API documentation</a>
        </p>
      </footer>
    </div>
  );
}
