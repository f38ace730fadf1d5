import { useState } from 'react';
import { resolveApiUrl } from '../../lib/api-client';

export type CoverSize = 'sm' | 'md' | 'lg';

interface CoverProps {
  title: string;
  authors?: readonly string[];
  src: string | null | undefined;
  size?: CoverSize;
}

/** A book cover in a fixed 2:3 box, so nothing jumps while images load; a tidy title card when there is none. */
export function Cover({ title, authors = [], src, size = 'md' }: CoverProps) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const showImage = Boolean(src) && failedSrc !== src;
  const byline = authors.join(', ');
  return (
    <div className={`cover cover--${size}`}>
      {showImage && src ? (
        <img
          className="cover__image"
          src={resolveApiUrl(src)}
          alt={`Cover of ${title}`}
          loading="lazy"
          decoding="async"
          onError={() => setFailedSrc(src)}
        />
      ) : (
        <div className="cover__placeholder" role="img" aria-label={`No cover for ${title}`}>
          <span className="cover__title" aria-hidden="true">
            {title}
          </span>
          {byline ? (
            <span className="cover__authors" aria-hidden="true">
              {byline}
            </span>
          ) : null}
        </div>
      )}
    </div>
  );
}
