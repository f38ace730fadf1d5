// Tokens and the global base first, so each component's module can build on them.
import './styles/tokens.css';
import './styles/base.css';
import { onlineManager } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { AppProviders } from './app/providers';
import { createQueryClient } from './app/query-client';
import { createAppRouter } from './app/router';
import { meQueryOptions } from './features/account/api/get-me';

// TanStack Query assumes online until told otherwise; a page opened offline (from the service
// worker's shell) starts offline.
onlineManager.setOnline(navigator.onLine);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('The page has no #root element.');

const queryClient = createQueryClient();
const router = createAppRouter();
// Ask who is signed in while the first page's code is still loading, not after.
void queryClient.prefetchQuery(meQueryOptions);

createRoot(rootElement).render(
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>,
);

// The service worker (web/public/sw.js) keeps the app shell and covers for offline use; only the
// production build has one, so development always sees fresh files.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Without it the app works as before, just not offline.
    });
  });
}
