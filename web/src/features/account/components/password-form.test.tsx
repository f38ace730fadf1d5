import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToastProvider } from '../../../components/ui/toast';
import { json, startServer } from '../../../test/http-server';
import type { User } from '../types';
import { PasswordForm } from './password-form';

let server: Awaited<ReturnType<typeof startServer>>;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = await startServer((request, response) => {
    const body = JSON.parse(request.body || '{}') as { currentPassword?: string };
    if (body.currentPassword !== 'old password 1') {
      return json(response, 400, {
        error: {
          code: 'validation_failed',
          message: 'The current password is not right.',
          details: { currentPassword: 'is not right' },
        },
      });
    }
    response.writeHead(204);
    response.end();
  });
  // The app calls same-origin paths (/api/...); here the origin is the test's own server.
  globalThis.fetch = (input, init) => realFetch(new URL(String(input), server.url), init);
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  await server.close();
});

const user: User = {
  id: 1,
  email: 'iris@example.com',
  emailVerified: true,
  username: 'iris',
  displayName: 'Iris',
  bio: '',
  avatarUrl: null,
  privacy: 'public',
  hasPassword: true,
  googleLinked: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

function renderForm() {
  const queryClient = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <PasswordForm user={user} />
      </ToastProvider>
    </QueryClientProvider>,
  );
}

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

async function submit() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
  });
}

describe('PasswordForm', () => {
  it('checks the confirmation before sending and focuses it', async () => {
    renderForm();
    const before = server.requests.length;
    fill('Current password', 'old password 1');
    fill('New password', 'new password 22');
    fill('Confirm new password', 'new password 23');
    await submit();
    expect(screen.getByText('This does not match the new password.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Confirm new password'));
    expect(server.requests.length).toBe(before);
  });

  it('shows the server’s answer beside the current password', async () => {
    renderForm();
    fill('Current password', 'wrong guess');
    fill('New password', 'new password 22');
    fill('Confirm new password', 'new password 22');
    await submit();
    expect(await screen.findByText('Current password is not right.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Current password'));
  });

  it('clears the fields and says so once the password is changed', async () => {
    renderForm();
    fill('Current password', 'old password 1');
    fill('New password', 'new password 22');
    fill('Confirm new password', 'new password 22');
    await submit();
    expect(await screen.findByText('Password changed. Other devices have been signed out.')).toBeTruthy();
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
    expect(server.requests.at(-1)).toMatchObject({ method: 'PUT', url: '/api/me/password' });
  });
});
