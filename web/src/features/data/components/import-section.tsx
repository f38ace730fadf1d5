import { useId, useRef, useState } from 'react';
import { Button } from '../../../components/ui/button';
import fieldStyles from '../../../components/ui/field.module.css';
import { FormAlert } from '../../../components/ui/form-alert';
import { cx } from '../../../lib/cx';
import { useCreateImport } from '../api/create-import';
import { useImport } from '../api/get-import';
import { useImports } from '../api/list-imports';
import type { ImportJob, ImportSource } from '../types';
import styles from './import-section.module.css';

const SOURCES: { value: ImportSource; label: string; where: string; accept: string }[] = [
  {
    value: 'goodreads',
    label: 'Goodreads',
    where:
      'On Goodreads: My Books → Import and export (under Tools) → Export Library, then download the CSV.',
    accept: '.csv,text/csv',
  },
  {
    value: 'storygraph',
    label: 'The StoryGraph',
    where:
      'On The StoryGraph: your avatar → Manage Account → Export StoryGraph Library, then download the CSV.',
    accept: '.csv,text/csv',
  },
  {
    value: 'book-tracker',
    label: 'Book Tracker',
    where: 'A JSON or ZIP export made with Export below, from this or another Book Tracker.',
    accept: '.json,.zip,application/json,application/zip',
  },
];

const SOURCE_LABEL: Record<ImportSource, string> = {
  goodreads: 'Goodreads',
  storygraph: 'StoryGraph',
  'book-tracker': 'Book Tracker',
};
const n = (value: number) => value.toLocaleString();

function summary(job: ImportJob): string {
  const parts = [`${n(job.imported)} imported`];
  if (job.skipped) parts.push(`${n(job.skipped)} skipped as already on your shelves`);
  if (job.failed) parts.push(`${n(job.failed)} failed`);
  return parts.join(', ');
}

function ImportProgress({ id }: { id: number }) {
  const job = useImport(id).data;
  if (!job) return <p className="muted">Starting the import…</p>;
  const percent = job.total > 0 ? Math.round((job.processed * 100) / job.total) : 0;
  const running = job.status === 'queued' || job.status === 'running';
  return (
    <div className={cx(styles.report, 'stack-sm')} aria-live="polite">
      <div className={styles.progressRow}>
        <progress
          className={styles.progress}
          max={job.total}
          value={job.processed}
          aria-label="Import progress"
        >
          {percent}%
        </progress>
        <span className={styles.percent}>{percent}%</span>
      </div>
      <p role="status">
        {running
          ? `Importing ${n(job.processed)} of ${n(job.total)} books…`
          : job.status === 'done'
            ? `Done: ${summary(job)}.`
            : `The import stopped: ${job.message ?? 'unknown error'} So far: ${summary(job)}.`}
      </p>
      {!running && job.errors.length > 0 ? <FailedRows job={job} /> : null}
    </div>
  );
}

function FailedRows({ job }: { job: ImportJob }) {
  return (
    <details className={styles.failed} open={job.errors.length <= 10}>
      <summary>{job.errors.length === 1 ? '1 row failed' : `${n(job.errors.length)} rows failed`}</summary>
      <table className={styles.table}>
        <caption className="visually-hidden">Rows that could not be imported</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {job.errors.map((e) => (
            <tr key={e.row}>
              <td>{e.row}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function PastImports() {
  const imports = useImports();
  const items = imports.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <div className="stack-sm">
      <h3 className={styles.subheading}>Past imports</h3>
      <ul className={styles.past}>
        {items.map((job) => (
          <li key={job.id}>
            <span className={styles.pastName}>{job.fileName}</span>{' '}
            <span className="muted">
              {SOURCE_LABEL[job.source]} · {new Date(job.createdAt).toLocaleDateString()} ·{' '}
              {job.status === 'done' || job.status === 'failed'
                ? `${job.status}: ${summary(job)}`
                : 'running'}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ImportSection() {
  const create = useCreateImport();
  const [source, setSource] = useState<ImportSource>('goodreads');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const chosen = SOURCES.find((s) => s.value === source) ?? SOURCES[0];

  function pick(next: File | null) {
    setError(null);
    setFile(next);
  }

  function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) {
      setError('Choose the exported file first.');
      inputRef.current?.focus();
      return;
    }
    create.mutate(
      { source, file },
      {
        onSuccess: (job) => {
          setJobId(job.id);
          setFile(null);
          if (inputRef.current) inputRef.current.value = '';
        },
        onError: (e) => setError(e.message),
      },
    );
  }

  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import</h2>
      <form onSubmit={handleSubmit} className="stack-sm" noValidate>
        <FormAlert message={error} />
        <fieldset className={styles.sources}>
          <legend className={fieldStyles.fieldLabel}>Where is the file from?</legend>
          {SOURCES.map((s) => (
            <label key={s.value} className={styles.source}>
              <input
                type="radio"
                name="source"
                value={s.value}
                checked={source === s.value}
                onChange={() => setSource(s.value)}
              />{' '}
              {s.label}
            </label>
          ))}
        </fieldset>
        <p className={fieldStyles.fieldHint}>{chosen?.where}</p>
        <label
          htmlFor={inputId}
          className={cx(styles.drop, dragging && styles.dropActive)}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault();
            setDragging(false);
            pick(e.dataTransfer.files[0] ?? null);
          }}
        >
          <span className={styles.dropTitle}>{file ? file.name : 'Drop the file here, or choose it'}</span>
          <span className="muted">
            {file ? `${Math.ceil(file.size / 1024)} KB` : 'A CSV, JSON or ZIP file'}
          </span>
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            name="file"
            accept={chosen?.accept}
            className={styles.fileInput}
            onChange={(e) => pick(e.target.files?.[0] ?? null)}
          />
        </label>
        <div className="form-actions">
          <Button type="submit" busy={create.isPending} busyLabel="Uploading…" disabled={!file}>
            Import
          </Button>
        </div>
      </form>
      {jobId !== null ? <ImportProgress id={jobId} /> : null}
      <PastImports />
    </section>
  );
}
