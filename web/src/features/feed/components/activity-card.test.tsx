import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { FeedActivity } from '../api/get-feed';
import { ActivityCard } from './activity-card';

const batch = (booksAdded: number): FeedActivity => ({
  id: 1,
  type: 'books_added',
  actor: { username: 'ada', displayName: 'Ada', avatarUrl: null },
  book: null,
  entry: null,
  journal: null,
  goal: null,
  booksAdded,
  createdAt: '2026-11-30T12:00:00.000Z',
});

describe('ActivityCard', () => {
  it('names an import by how many books it added, linked to the reader’s shelves', () => {
    render(
      <MemoryRouter>
        <ActivityCard activity={batch(312)} />
      </MemoryRouter>,
    );
    const line = screen.getByRole('link', { name: 'added 312 books to their shelves' });
    expect(line.getAttribute('href')).toBe('/u/ada');
    expect(screen.getByRole('article', { name: 'Ada added 312 books to their shelves' })).toBeTruthy();
  });

  it('says "book" for one', () => {
    render(
      <MemoryRouter>
        <ActivityCard activity={batch(1)} />
      </MemoryRouter>,
    );
    expect(screen.getByRole('link', { name: 'added 1 book to their shelves' })).toBeTruthy();
  });

  it('says what a journal entry is about', () => {
    render(
      <MemoryRouter>
        <ActivityCard
          activity={{
            ...batch(0),
            type: 'journal_entry',
            booksAdded: null,
            book: { id: 7, title: 'Moby-Dick', authors: ['Herman Melville'], coverUrl: null },
            journal: { id: 3, excerpt: 'Call me Ishmael.' },
          }}
        />
      </MemoryRouter>,
    );
    expect(screen.getByRole('article', { name: 'Ada wrote in their journal about Moby-Dick' })).toBeTruthy();
  });
});
