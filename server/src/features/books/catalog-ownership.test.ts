import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeBookProviders,
  googleVolume,
  googleVolumes,
  startFakeBookProviders,
} from '../../../test/fake-book-providers.ts';
import { buildTestApp, injectAs, registerUser, type TestUser } from '../../../test/helpers.ts';

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;

const HOBBIT = '9780261102217';

let fake: FakeBookProviders;
let t: TestApp;
let mallory: TestUser;
let alice: TestUser;

beforeAll(async () => {
  fake = await startFakeBookProviders();
  t = await buildTestApp({ ...fake.env, PROVIDER_TIMEOUT_MS: '10000' });
  mallory = await registerUser(t.app);
  alice = await registerUser(t.app);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

function providerKnowsHobbit() {
  fake.on('/books/v1/volumes', (q) =>
    q.get('q') === `isbn:${HOBBIT}`
      ? {
          body: googleVolumes([
            googleVolume('hobbitG', {
              title: 'The Hobbit',
              authors: ['J. R. R. Tolkien'],
              industryIdentifiers: [{ type: 'ISBN_13', identifier: HOBBIT }],
            }),
          ]),
        }
      : { body: googleVolumes([]) },
  );
}

async function addOwn(user: TestUser, payload: Record<string, unknown>) {
  const res = await injectAs(t.app, user, { method: 'POST', url: '/api/books', payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; title: string; isbn13: string | null };
}

describe('a reader’s own book cannot poison the catalog', () => {
  it('is not what another reader’s ISBN lookup, add-by-ISBN or search returns (the issue’s reproduction)', async () => {
    const poison = await addOwn(mallory, {
      title: 'The Hobbit (totally legit)',
      authors: ['Mallory'],
      isbn13: HOBBIT,
      description: 'Buy my course',
      coverUrl: 'https://attacker.example/p.gif',
    });
    providerKnowsHobbit();

    const lookup = await injectAs(t.app, alice, { method: 'GET', url: `/api/books/isbn/${HOBBIT}` });
    expect(lookup.statusCode, lookup.body).toBe(200);
    const real = lookup.json() as { id: number; title: string; source: string; coverUrl: string | null };
    expect(real).toMatchObject({ title: 'The Hobbit', source: 'google' });
    expect(real.id).not.toBe(poison.id);
    // The poisoned title and cover never reach another reader.
    expect(lookup.body).not.toContain('totally legit');
    expect(lookup.body).not.toContain('attacker.example');

    const bySearch = await injectAs(t.app, alice, {
      method: 'GET',
      url: '/api/books/search',
      query: { q: 'totally legit' },
    });
    expect(bySearch.statusCode).toBe(200);
    expect(bySearch.body).not.toContain('totally legit');
    const byIsbnSearch = await injectAs(t.app, alice, {
      method: 'GET',
      url: '/api/books/search',
      query: { q: HOBBIT },
    });
    expect((byIsbnSearch.json() as { items: { id: number | null }[] }).items.map((b) => b.id)).toEqual([
      real.id,
    ]);

    const added = await injectAs(t.app, alice, {
      method: 'POST',
      url: '/api/library',
      payload: { isbn: HOBBIT },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect((added.json() as { book: { id: number } }).book.id).toBe(real.id);

    // Its creator still finds their own by search; the catalog's record wins their ISBN lookup.
    const own = await injectAs(t.app, mallory, {
      method: 'GET',
      url: '/api/books/search',
      query: { q: 'totally legit' },
    });
    expect((own.json() as { items: { id: number | null }[] }).items.map((b) => b.id)).toContain(poison.id);
    const theirLookup = await injectAs(t.app, mallory, { method: 'GET', url: `/api/books/isbn/${HOBBIT}` });
    expect((theirLookup.json() as { id: number }).id).toBe(real.id);

    // Nor can anyone add or see it by its id without an entry they may see.
    const byId = await injectAs(t.app, alice, { method: 'GET', url: `/api/books/${poison.id}` });
    expect(byId.statusCode).toBe(404);
    const addById = await injectAs(t.app, alice, {
      method: 'POST',
      url: '/api/library',
      payload: { bookId: poison.id },
    });
    expect(addById.statusCode).toBe(404);
  });

  it('lets a reader add a book by hand with an ISBN another reader already used for theirs', async () => {
    const isbn13 = '9780140449136';
    const first = await addOwn(mallory, { title: 'Mine', authors: ['M'], isbn13 });
    const second = await addOwn(alice, { title: 'Also mine', authors: ['A'], isbn13 });
    expect(second.id).not.toBe(first.id);
    // Twice by the same reader is a conflict that names their book.
    const again = await injectAs(t.app, alice, {
      method: 'POST',
      url: '/api/books',
      payload: { title: 'Again', authors: ['A'], isbn13 },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'book_exists', details: { bookId: second.id } } });
  });

  it('is refused with the catalog’s record when the catalog has the ISBN', async () => {
    providerKnowsHobbit();
    const real = await injectAs(t.app, alice, { method: 'GET', url: `/api/books/isbn/${HOBBIT}` });
    const res = await injectAs(t.app, alice, {
      method: 'POST',
      url: '/api/books',
      payload: { title: 'Hobbit', authors: ['T'], isbn13: HOBBIT },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { details: { bookId: (real.json() as { id: number }).id } } });
  });
});

describe('who sees a reader’s own book', () => {
  it('shows it to whoever may see an entry that uses it, by the privacy rule', async () => {
    const owner = await registerUser(t.app);
    const follower = await registerUser(t.app);
    const stranger = await registerUser(t.app);
    await injectAs(t.app, follower, { method: 'PUT', url: `/api/users/${owner.username}/follow` });
    const book = await addOwn(owner, { title: 'Through my shelf', authors: ['O'] });
    const get = (user: TestUser | null) =>
      injectAs(t.app, user, { method: 'GET', url: `/api/books/${book.id}` });

    expect((await get(owner)).statusCode).toBe(200);
    expect((await get(follower)).statusCode).toBe(404);

    const entry = await injectAs(t.app, owner, {
      method: 'POST',
      url: '/api/library',
      payload: { bookId: book.id, visibility: 'followers' },
    });
    expect(entry.statusCode, entry.body).toBe(201);
    expect((await get(follower)).statusCode).toBe(200);
    expect((await get(stranger)).statusCode).toBe(404);
    expect((await get(null)).statusCode).toBe(404);

    const entryId = (entry.json() as { id: number }).id;
    await injectAs(t.app, owner, {
      method: 'PATCH',
      url: `/api/library/${entryId}`,
      payload: { visibility: 'public' },
    });
    expect((await get(stranger)).statusCode).toBe(200);
    expect((await get(null)).statusCode).toBe(200);
    expect((await get(stranger)).json()).toMatchObject({ canEdit: false });
    expect((await get(owner)).json()).toMatchObject({ canEdit: true });

    // A block hides it again, and search never shows it to others.
    await injectAs(t.app, owner, { method: 'PUT', url: `/api/users/${stranger.username}/block` });
    expect((await get(stranger)).statusCode).toBe(404);
    const found = await injectAs(t.app, follower, {
      method: 'GET',
      url: '/api/books/search',
      query: { q: 'through my shelf' },
    });
    expect(found.body).not.toContain('Through my shelf');
  });
});

describe('PATCH and DELETE /api/books/:id', () => {
  it('lets the creator edit their book (the entries’ copies follow) and nobody else', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const book = await addOwn(owner, { title: 'Drfat title', authors: ['O'] });
    const entry = await injectAs(t.app, owner, {
      method: 'POST',
      url: '/api/library',
      payload: { bookId: book.id, visibility: 'public' },
    });
    expect(entry.statusCode).toBe(201);

    const patch = (user: TestUser, id: number, payload: Record<string, unknown>) =>
      injectAs(t.app, user, { method: 'PATCH', url: `/api/books/${id}`, payload });

    const edited = await patch(owner, book.id, { title: 'Final title', pageCount: 120 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ title: 'Final title', pageCount: 120, authors: ['O'] });
    const library = await injectAs(t.app, owner, {
      method: 'GET',
      url: '/api/library',
      query: { q: 'final' },
    });
    expect((library.json() as { items: unknown[] }).items).toHaveLength(1);

    // Another reader who can see it (through the public entry): 403; one who cannot: 404.
    expect((await patch(other, book.id, { title: 'Mine now' })).statusCode).toBe(403);
    const hidden = await addOwn(owner, { title: 'Hidden', authors: ['O'] });
    expect((await patch(other, hidden.id, { title: 'Mine now' })).statusCode).toBe(404);
    expect((await patch(owner, book.id, { title: '' })).statusCode).toBe(400);
    expect((await patch(owner, book.id, {})).statusCode).toBe(400);
    expect((await patch(owner, book.id, { coverUrl: 'http://example.test/c.jpg' })).statusCode).toBe(400);
    const res = await injectAs(t.app, other, { method: 'DELETE', url: `/api/books/${book.id}` });
    expect(res.statusCode).toBe(403);
    expect(
      (await injectAs(t.app, other, { method: 'DELETE', url: `/api/books/${hidden.id}` })).statusCode,
    ).toBe(404);
  });

  it('refuses to delete while another reader’s entry uses it; then deletes it with the owner’s entry', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const book = await addOwn(owner, { title: 'Shared by shelf', authors: ['O'] });
    await injectAs(t.app, owner, {
      method: 'POST',
      url: '/api/library',
      payload: { bookId: book.id, visibility: 'public' },
    });
    const theirs = await injectAs(t.app, other, {
      method: 'POST',
      url: '/api/library',
      payload: { bookId: book.id },
    });
    expect(theirs.statusCode, theirs.body).toBe(201);

    const del = () => injectAs(t.app, owner, { method: 'DELETE', url: `/api/books/${book.id}` });
    const refused = await del();
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { code: 'book_in_use' } });

    await injectAs(t.app, other, {
      method: 'DELETE',
      url: `/api/library/${(theirs.json() as { id: number }).id}`,
    });
    expect((await del()).statusCode).toBe(204);
    expect((await injectAs(t.app, owner, { method: 'GET', url: `/api/books/${book.id}` })).statusCode).toBe(
      404,
    );
    const library = await injectAs(t.app, owner, { method: 'GET', url: '/api/library' });
    expect((library.json() as { items: unknown[] }).items).toHaveLength(0);
    expect((await del()).statusCode).toBe(404);
  });

  it('never lets a reader change or delete a provider record, which stays as the provider gave it', async () => {
    providerKnowsHobbit();
    const lookup = await injectAs(t.app, alice, { method: 'GET', url: `/api/books/isbn/${HOBBIT}` });
    const real = lookup.json() as { id: number };
    for (const user of [alice, mallory]) {
      const patch = await injectAs(t.app, user, {
        method: 'PATCH',
        url: `/api/books/${real.id}`,
        payload: { title: 'Defaced' },
      });
      expect(patch.statusCode).toBe(403);
      expect(
        (await injectAs(t.app, user, { method: 'DELETE', url: `/api/books/${real.id}` })).statusCode,
      ).toBe(403);
    }
    const after = await injectAs(t.app, alice, { method: 'GET', url: `/api/books/${real.id}` });
    expect(after.json()).toMatchObject({ title: 'The Hobbit', source: 'google', canEdit: false });
  });
});

describe('resolveOwnedBooks (for imports)', () => {
  it('matches the catalog’s and the reader’s own books, creates the rest as theirs, once each', async () => {
    providerKnowsHobbit();
    const catalog = (
      await injectAs(t.app, alice, { method: 'GET', url: `/api/books/isbn/${HOBBIT}` })
    ).json() as {
      id: number;
    };
    const reader = await registerUser(t.app);
    const own = await addOwn(reader, { title: 'My Own', authors: ['R'], isbn13: '9780441478125' });
    // Another reader's own book of an ISBN is never matched.
    const foreign = await addOwn(mallory, { title: 'Foreign', authors: ['F'], isbn13: '9780679783268' });
    const books = t.app.services.books;
    const ids = await t.database.db.transaction().execute((tx) =>
      books.resolveOwnedBooks(tx, reader.id, [
        { title: 'Whatever', authors: ['X'], isbn13: HOBBIT },
        { title: 'My Own', authors: ['R'], isbn13: '9780441478125' },
        { title: 'Foreign copy', authors: ['F'], isbn13: '9780679783268' },
        { title: 'No Isbn', authors: ['N'] },
        { title: 'No Isbn', authors: ['N'] },
      ]),
    );
    expect(ids[0]).toBe(catalog.id);
    expect(ids[1]).toBe(own.id);
    expect(ids[2]).not.toBe(foreign.id);
    expect(ids[3]).toBe(ids[4]);
    const created = await injectAs(t.app, reader, { method: 'GET', url: `/api/books/${ids[2]}` });
    expect(created.json()).toMatchObject({ title: 'Foreign copy', source: 'import', canEdit: true });
    expect((await injectAs(t.app, mallory, { method: 'GET', url: `/api/books/${ids[3]}` })).statusCode).toBe(
      404,
    );
  });
});
