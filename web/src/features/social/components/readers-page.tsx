import { useId, useState } from 'react';
import fieldStyles from '../../../components/ui/field.module.css';
import { LoadingRegion, Skeleton } from '../../../components/ui/skeleton';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useDebouncedValue } from '../../books/use-debounced-value';
import { useSearchReaders } from '../api/search-readers';
import { ReaderList } from './reader-list';
import { SuggestedReaders } from './suggested-readers';

export function ReadersPage() {
  useDocumentTitle('Find readers');
  const inputId = useId();
  const [text, setText] = useState('');
  const q = useDebouncedValue(text.trim(), 250);
  const results = useSearchReaders(q);
  return (
    <div className="page page--narrow">
      <h1>Find readers</h1>
      <search className={fieldStyles.field}>
        <label htmlFor={inputId} className={fieldStyles.fieldLabel}>
          Username or name
        </label>
        <input
          id={inputId}
          className={fieldStyles.fieldControl}
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          autoComplete="off"
          placeholder="e.g. ada or Ada Lovelace"
        />
      </search>
      <div aria-live="polite">
        {q === '' ? (
          <p className="muted">
            Type part of a username or a display name. Private accounts show up only by their exact username.
          </p>
        ) : results.isPending ? (
          <LoadingRegion label="Searching…">
            <Skeleton width="60%" />
            <Skeleton width="50%" />
          </LoadingRegion>
        ) : results.isError ? (
          <p role="alert">{results.error.message}</p>
        ) : results.data.items.length === 0 ? (
          <p>No reader matches “{q}”.</p>
        ) : (
          <ReaderList readers={results.data.items} label={`Readers matching ${q}`} />
        )}
      </div>
      {/* Outside the live region: a list arriving is not read out, only search results are. */}
      {q === '' ? <SuggestedReaders /> : null}
    </div>
  );
}
