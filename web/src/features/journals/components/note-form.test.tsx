import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_NOTE, NoteForm, toNoteChanges } from './note-form';

function renderForm(onSubmit = vi.fn(() => Promise.resolve())) {
  // The form asks before the page is left (useBlocker), which needs a data router.
  const form = (
    <NoteForm
      initial={EMPTY_NOTE}
      draftKey="note:new:1"
      label="New note"
      submitLabel="Save note"
      onSubmit={onSubmit}
    />
  );
  const router = createMemoryRouter([{ path: '/', element: form }]);
  const view = render(<RouterProvider router={router} />);
  return { ...view, onSubmit };
}

describe('NoteForm', () => {
  beforeEach(() => {
    localStorage.clear();
  });

  it('saves with Ctrl+Enter from the text', async () => {
    const user = userEvent.setup();
    const { onSubmit } = renderForm();
    await user.type(screen.getByLabelText(/Quote/), 'Every archive is a kind of tide.');
    await user.type(screen.getByLabelText(/Page/), '42');
    await user.click(screen.getByLabelText(/Quote/));
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(onSubmit).toHaveBeenCalledOnce();
    const [values] = onSubmit.mock.calls[0] as unknown as [typeof EMPTY_NOTE];
    expect(toNoteChanges(values)).toEqual({
      quote: 'Every archive is a kind of tide.',
      content: '',
      page: 42,
      location: null,
      visibility: 'private',
    });
  });

  it('asks for a quote or a note before sending anything', async () => {
    const user = userEvent.setup();
    const { onSubmit } = renderForm();
    await user.click(screen.getByRole('button', { name: 'Save note' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText(/Add a quote or a note/)).toBeTruthy();
  });

  it('keeps unsaved text as a draft and brings it back', async () => {
    const user = userEvent.setup();
    const first = renderForm();
    await user.type(screen.getByLabelText(/Note/, { selector: 'textarea' }), 'Half a thought');
    first.unmount();
    renderForm();
    expect(screen.getByRole('status').textContent).toMatch(/unsaved note from before is back/);
    expect((screen.getByLabelText(/Note/, { selector: 'textarea' }) as HTMLTextAreaElement).value).toBe(
      'Half a thought',
    );
  });
});
