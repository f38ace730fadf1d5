import { useState } from 'react';
import { resolveApiUrl } from '../../lib/api-client';
import { cx } from '../../lib/cx';
import styles from './cover.module.css';

export type CoverSize = 'sm' | 'md' | 'lg';

interface CoverProps {
  title: string;
  authors?: readonly string[];
  src: string | null | undefined;
  size?: CoverSize;
  /** Lets a parent size or place the cover (e.g. fill a grid cell). */
  className?: string | undefined;
}

const SIZES: Record<CoverSize, string | undefined> = {
  sm: styles.coverSm,
  md: undefined,
  lg: styles.coverLg,
};

/** A book cover in a fixed 2:3 box, so nothing jumps while images load; a tidy title card when there is none. */
export function Cover({ title, authors = [], src, size = 'md', className }: CoverProps) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const showImage = Boolean(src) && failedSrc !== src;
  const byline = authors.join(', ');
  return (
    <div className={cx(styles.cover, SIZES[size], className)}>
      {showImage && src ? (
        <img
          className={styles.coverImage}
          src={resolveApiUrl(src)}
          alt={`Cover of ${title}`}
          loading="lazy"
          decoding="async"
          onError={() => setFailedSrc(src)}
        />
      ) : (
        <div className={styles.coverPlaceholder} role="img" aria-label={`No cover for ${title}`}>
          <span className={styles.coverTitle} aria-hidden="true">
            {title}
          </span>
          {byline ? (
            <span className={styles.coverAuthors} aria-hidden="true">
              {byline}
            </span>
          ) : null}
        </div>
      )}
    </div>
  );
}
