import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { resolveApiUrl } from '../../../lib/api-client';
import { cx } from '../../../lib/cx';
import { noteKeys } from '../api/keys';
import { deleteAttachment } from '../api/notes';
import { uploadAttachment } from '../api/upload-attachment';
import { useDeferredDelete, useIsHidden } from '../deferred-delete';
import type { Note } from '../types';
import { FileIcon } from './file-icon';
import styles from './notes.module.css';

const ACCEPT = 'application/pdf,image/jpeg,image/png,image/webp,image/gif,text/plain,.pdf,.txt,.md';

interface Upload {
  id: number;
  name: string;
  progress: number;
  error: string | null;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A note's files: thumbnails or type icons, download links, removal with Undo, and adding more by
 * dropping files on the note or choosing them, each with a progress bar. */
export function NoteAttachments({ note }: { note: Note }) {
  const queryClient = useQueryClient();
  const deferDelete = useDeferredDelete();
  const isHidden = useIsHidden();
  const inputRef = useRef<HTMLInputElement>(null);
  const nextUpload = useRef(1);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: noteKeys.ofBook(note.bookId) });

  function patch(id: number, changes: Partial<Upload>) {
    setUploads((current) => current.map((upload) => (upload.id === id ? { ...upload, ...changes } : upload)));
  }

  async function send(files: readonly File[]) {
    // One at a time: the server checks the 20-file limit and the quota before each.
    for (const file of files) {
      const id = nextUpload.current++;
      setUploads((current) => [...current, { id, name: file.name, progress: 0, error: null }]);
      try {
        await uploadAttachment(note.id, file, (progress) => patch(id, { progress }));
        await refresh();
        setUploads((current) => current.filter((upload) => upload.id !== id));
      } catch (error) {
        patch(id, { error: (error as Error).message });
      }
    }
  }

  const attachments = note.attachments.filter((attachment) => !isHidden('attachment', attachment.id));

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a shortcut; the "choose files" button does the same
    <div
      className={cx(styles.attachments, dragging && styles.dragging)}
      onDragEnter={(event) => {
        if (event.dataTransfer.types.includes('Files')) setDragging(true);
      }}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        const files = [...event.dataTransfer.files];
        if (files.length > 0) void send(files);
      }}
      data-testid={`note-${note.id}-dropzone`}
    >
      {attachments.length > 0 ? (
        <ul className={styles.attachmentList} aria-label="Attachments">
          {attachments.map((attachment) => (
            <li key={attachment.id} className={styles.attachment}>
              {attachment.thumbnailUrl ? (
                <img
                  className={styles.thumbnail}
                  src={resolveApiUrl(attachment.thumbnailUrl)}
                  alt={`Preview of ${attachment.fileName}`}
                  loading="lazy"
                />
              ) : (
                <FileIcon mimeType={attachment.mimeType} />
              )}
              <div className={styles.attachmentText}>
                <a href={resolveApiUrl(attachment.url)} download={attachment.fileName}>
                  {attachment.fileName}
                </a>
                <span className="muted"> {formatSize(attachment.size)}</span>
                <div>
                  <button
                    type="button"
                    className="link-button link-button--danger"
                    onClick={() =>
                      deferDelete({
                        kind: 'attachment',
                        id: attachment.id,
                        message: `Removed “${attachment.fileName}”.`,
                        remove: (keepalive) => deleteAttachment(note.id, attachment.id, keepalive),
                        afterRemove: refresh,
                      })
                    }
                  >
                    Remove<span className="visually-hidden"> {attachment.fileName}</span>
                  </button>
                </div>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {uploads.length > 0 ? (
        <ul className={styles.uploads} aria-label="Uploads">
          {uploads.map((upload) => (
            <li key={upload.id}>
              {upload.error ? (
                <p role="alert" className={styles.uploadError}>
                  “{upload.name}” was not attached: {upload.error}{' '}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setUploads((current) => current.filter((item) => item.id !== upload.id))}
                  >
                    Dismiss
                  </button>
                </p>
              ) : (
                <div className={styles.upload}>
                  <span>{upload.name}</span>
                  <progress max={1} value={upload.progress} aria-label={`Uploading ${upload.name}`} />
                  <span aria-hidden="true">{Math.round(upload.progress * 100)}%</span>
                </div>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <p className={styles.dropHint}>
        Drop a photo, PDF or text file here, or{' '}
        <button type="button" className="link-button" onClick={() => inputRef.current?.click()}>
          choose files<span className="visually-hidden"> to attach to this note</span>
        </button>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPT}
          hidden
          aria-label="Files to attach"
          onChange={(event) => {
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            if (files.length > 0) void send(files);
          }}
        />
        .
      </p>
    </div>
  );
}
