import { useUserJournal } from '../api/journals';
import styles from './journal.module.css';
import { JournalTimeline } from './journal-timeline';

/** A reader's journal on their profile: only what their privacy and each entry's visibility allow. */
export function UserJournal({ username, isSelf }: { username: string; isSelf: boolean }) {
  const journal = useUserJournal(username);
  const entries = journal.data?.pages.flatMap((page) => page.items) ?? [];
  // Hidden profiles answer 403/404: then there is simply no journal to show.
  if (journal.isPending || journal.isError || entries.length === 0) return null;
  return (
    <section aria-labelledby="profile-journal-heading" className={styles.profileJournal}>
      <h2 id="profile-journal-heading">Journal</h2>
      <JournalTimeline
        entries={entries}
        editable={isSelf}
        level={3}
        hasNextPage={journal.hasNextPage}
        isFetchingNextPage={journal.isFetchingNextPage}
        fetchNextPage={() => void journal.fetchNextPage()}
      />
    </section>
  );
}
