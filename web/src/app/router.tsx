import { createBrowserRouter } from 'react-router';
import { GuestOnly } from '../features/auth/components/guest-only';
import { RequireAuth } from '../features/auth/components/require-auth';
import { OwnProfileRedirect } from '../features/profile/components/own-profile-redirect';
import { AppLayout } from './layout';
import { NotFoundPage } from './not-found-page';
import { RouteErrorPage } from './route-error-page';
import { APP_PATHS } from './route-paths';

// Every page is its own chunk (route-level code splitting): the first load carries the shell and
// the page asked for, nothing else. `npm run check:bundle` holds the initial JavaScript to 150 KB gzip.
export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <AppLayout />,
      // While the first page's lazy module loads, the brand bar index.html painted stays (the same
      // markup), instead of a blank page and React Router's "No HydrateFallback" console warning.
      hydrateFallbackElement: <BootShell />,
      errorElement: <RouteErrorPage />,
      children: [
        {
          element: <GuestOnly />,
          children: [
            {
              path: APP_PATHS.signIn,
              lazy: () =>
                import('../features/auth/components/sign-in-page').then((m) => ({ Component: m.SignInPage })),
            },
            {
              path: APP_PATHS.signUp,
              lazy: () =>
                import('../features/auth/components/sign-up-page').then((m) => ({ Component: m.SignUpPage })),
            },
            {
              path: APP_PATHS.forgotPassword,
              lazy: () =>
                import('../features/auth/components/forgot-password-page').then((m) => ({
                  Component: m.ForgotPasswordPage,
                })),
            },
          ],
        },
        {
          element: <RequireAuth />,
          children: [
            {
              index: true,
              lazy: () =>
                import('../features/feed/components/feed-page').then((m) => ({ Component: m.FeedPage })),
            },
            { path: APP_PATHS.profile, element: <OwnProfileRedirect /> },
            {
              path: APP_PATHS.settings,
              lazy: () =>
                import('../features/account/components/settings-page').then((m) => ({
                  Component: m.SettingsPage,
                })),
            },
            {
              path: APP_PATHS.search,
              lazy: () =>
                import('../features/books/components/search-page').then((m) => ({ Component: m.SearchPage })),
            },
            {
              path: APP_PATHS.library,
              lazy: () =>
                import('../features/library/components/library-page').then((m) => ({
                  Component: m.LibraryPage,
                })),
            },
            {
              path: APP_PATHS.book,
              lazy: () =>
                import('../features/books/components/book-page').then((m) => ({ Component: m.BookPage })),
            },
            {
              path: APP_PATHS.stats,
              lazy: () =>
                import('../features/stats/components/stats-page').then((m) => ({ Component: m.StatsPage })),
            },
            {
              path: APP_PATHS.readers,
              lazy: () =>
                import('../features/social/components/readers-page').then((m) => ({
                  Component: m.ReadersPage,
                })),
            },
            {
              path: APP_PATHS.journal,
              lazy: () =>
                import('../features/journals/components/journal-page').then((m) => ({
                  Component: m.JournalPage,
                })),
            },
          ],
        },
        // A mailed link works whether or not this browser is signed in (it signs in as the link's reader).
        {
          path: APP_PATHS.resetPassword,
          lazy: () =>
            import('../features/auth/components/reset-password-page').then((m) => ({
              Component: m.ResetPasswordPage,
            })),
        },
        {
          path: APP_PATHS.verifyEmail,
          lazy: () =>
            import('../features/account/components/verify-email-page').then((m) => ({
              Component: m.VerifyEmailPage,
            })),
        },
        {
          path: APP_PATHS.providerReturn,
          lazy: () =>
            import('../features/auth/components/provider-return-page').then((m) => ({
              Component: m.ProviderReturnPage,
            })),
        },
        // Public profiles can be read without an account; the API decides what is visible.
        {
          path: APP_PATHS.user,
          lazy: () =>
            import('../features/profile/components/profile-page').then((m) => ({ Component: m.ProfilePage })),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}

/** index.html's brand bar (web/index.html), painted before any script runs. */
function BootShell() {
  return (
    <div className="boot-shell" aria-hidden="true">
      <span className="boot-shell__mark" />
      Book Tracker
    </div>
  );
}
