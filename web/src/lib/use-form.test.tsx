import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-client';
import { useForm } from './use-form';
import { collectErrors } from './validation';

function Harness({ submit }: { submit: (values: { name: string; email: string }) => Promise<unknown> }) {
  const form = useForm({
    initialValues: { name: '', email: '' },
    fields: ['name', 'email'] as const,
    validate: (values) => collectErrors({ name: values.name ? null : 'Enter a name.', email: null }),
    submit,
  });
  return (
    <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate>
      {form.errors.form ? <p role="alert">{form.errors.form}</p> : null}
      <label>
        Name
        <input name="name" value={form.values.name} onChange={(e) => form.setValue('name', e.target.value)} />
      </label>
      <span>{form.errors.fields.name}</span>
      <label>
        Email
        <input
          name="email"
          value={form.values.email}
          onChange={(e) => form.setValue('email', e.target.value)}
        />
      </label>
      <span>{form.errors.fields.email}</span>
      <button type="submit">{form.submitting ? 'Sending' : 'Send'}</button>
    </form>
  );
}

describe('useForm', () => {
  it('stops at the first invalid field, says why and focuses it, sending nothing', () => {
    const sent: unknown[] = [];
    render(<Harness submit={async (values) => sent.push(values)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByText('Enter a name.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
    expect(sent).toEqual([]);
  });

  it('places the server’s field errors and focuses the field to fix', async () => {
    render(
      <Harness
        submit={async () => {
          throw new ApiError({
            status: 400,
            code: 'validation_failed',
            message: 'Invalid.',
            details: { email: 'must match format "email"' },
          });
        }}
      />,
    );
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Iris' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    });
    expect(screen.getByText('must be a valid email address')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Email'));
  });

  it('shows an error that belongs to no field at the top', async () => {
    render(
      <Harness
        submit={async () => {
          throw new ApiError({ status: 503, code: 'unavailable', message: 'Try again soon.' });
        }}
      />,
    );
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Iris' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    });
    expect(screen.getByRole('alert').textContent).toBe('Try again soon.');
  });

  it('sends once while a submit is under way', async () => {
    let finish: () => void = () => {};
    const sent: string[] = [];
    render(
      <Harness
        submit={(values) => {
          sent.push(values.name);
          return new Promise<void>((resolve) => {
            finish = resolve;
          });
        }}
      />,
    );
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Iris' } });
    const button = screen.getByRole('button', { name: 'Send' });
    fireEvent.click(button);
    fireEvent.click(button);
    expect(sent).toEqual(['Iris']);
    expect(screen.getByRole('button', { name: 'Sending' })).toBeTruthy();
    await act(async () => finish());
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
  });
});
