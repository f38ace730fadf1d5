import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider } from '../../components/ui/toast';
import { useDeferredDelete, useIsHidden } from './deferred-delete';

function Harness({ remove, afterRemove }: { remove: () => Promise<void>; afterRemove: () => Promise<void> }) {
  const deferDelete = useDeferredDelete();
  const isHidden = useIsHidden();
  return (
    <>
      <p>{isHidden('note', 7) ? 'hidden' : 'shown'}</p>
      <button
        type="button"
        onClick={() => deferDelete({ kind: 'note', id: 7, message: 'Note deleted.', remove, afterRemove })}
      >
        Delete
      </button>
    </>
  );
}

function setup() {
  const remove = vi.fn(() => Promise.resolve());
  const afterRemove = vi.fn(() => Promise.resolve());
  render(
    <ToastProvider>
      <Harness remove={remove} afterRemove={afterRemove} />
    </ToastProvider>,
  );
  return { remove, afterRemove };
}

describe('delete with Undo', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hides the item at once and sends nothing when Undo is pressed in time', () => {
    const { remove } = setup();
    act(() => screen.getByRole('button', { name: 'Delete' }).click());
    expect(screen.getByText('hidden')).toBeTruthy();
    act(() => vi.advanceTimersByTime(5_000));
    act(() => screen.getByRole('button', { name: 'Undo' }).click());
    expect(screen.getByText('shown')).toBeTruthy();
    act(() => vi.advanceTimersByTime(30_000));
    expect(remove).not.toHaveBeenCalled();
  });

  it('sends the delete once the time to undo is up, then refreshes and stops hiding', async () => {
    const { remove, afterRemove } = setup();
    act(() => screen.getByRole('button', { name: 'Delete' }).click());
    act(() => vi.advanceTimersByTime(9_999));
    expect(remove).not.toHaveBeenCalled();
    await act(async () => {
      vi.advanceTimersByTime(1);
    });
    expect(remove).toHaveBeenCalledWith(false);
    expect(afterRemove).toHaveBeenCalledOnce();
    expect(screen.getByText('shown')).toBeTruthy();
  });

  it('sends the delete with keepalive straight away when the page is left', async () => {
    const { remove } = setup();
    act(() => screen.getByRole('button', { name: 'Delete' }).click());
    await act(async () => {
      window.dispatchEvent(new Event('pagehide'));
    });
    expect(remove).toHaveBeenCalledWith(true);
    act(() => vi.advanceTimersByTime(30_000));
    expect(remove).toHaveBeenCalledOnce();
  });
});
