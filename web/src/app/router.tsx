import { createBrowserRouter } from 'react-router';
import { SettingsPage } from '../features/account/components/settings-page';
import { VerifyEmailPage } from '../features/account/components/verify-email-page';
import { ForgotPasswordPage } from '../features/auth/components/forgot-password-page';
import { GuestOnly } from '../features/auth/components/guest-only';
import { ProviderReturnPage } from '../features/auth/components/provider-return-page';
import { RequireAuth } from '../features/auth/components/require-auth';
import { ResetPasswordPage } from '../features/auth/components/reset-password-page';
import { SignInPage } from '../features/auth/components/sign-in-page';
import { SignUpPage } from '../features/auth/components/sign-up-page';
import { BookPage } from '../features/books/components/book-page';
import { SearchPage } from '../features/books/components/search-page';
import { FeedPage } from '../features/feed/components/feed-page';
import { LibraryPage } from '../features/library/components/library-page';
import { OwnProfileRedirect } from '../features/profile/components/own-profile-redirect';
import { ProfilePage } from '../features/profile/components/profile-page';
import { ReadersPage } from '../features/social/components/readers-page';
import { AppLayout } from './layout';
import { NotFoundPage } from './not-found-page';
import { RouteErrorPage } from './route-error-page';
import { APP_PATHS } from './route-paths';

export function createAppRouter() {
  return createBrowserRouter([
    {
      element: <AppLayout />,
      errorElement: <RouteErrorPage />,
      children: [
        {
          element: <GuestOnly />,
          children: [
            { path: APP_PATHS.signIn, element: <SignInPage /> },
            { path: APP_PATHS.signUp, element: <SignUpPage /> },
            { path: APP_PATHS.forgotPassword, element: <ForgotPasswordPage /> },
          ],
        },
        {
          element: <RequireAuth />,
          children: [
            { index: true, element: <FeedPage /> },
            { path: APP_PATHS.profile, element: <OwnProfileRedirect /> },
            { path: APP_PATHS.settings, element: <SettingsPage /> },
            { path: APP_PATHS.search, element: <SearchPage /> },
            { path: APP_PATHS.library, element: <LibraryPage /> },
            { path: APP_PATHS.book, element: <BookPage /> },
            // Lazy: the charting library loads with this page only.
            {
              path: APP_PATHS.stats,
              lazy: () =>
                import('../features/stats/components/stats-page').then((m) => ({ Component: m.StatsPage })),
            },
            { path: APP_PATHS.readers, element: <ReadersPage /> },
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
        { path: APP_PATHS.resetPassword, element: <ResetPasswordPage /> },
        { path: APP_PATHS.verifyEmail, element: <VerifyEmailPage /> },
        { path: APP_PATHS.providerReturn, element: <ProviderReturnPage /> },
        // Public profiles can be read without an account; the API decides what is visible.
        { path: APP_PATHS.user, element: <ProfilePage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
