import { lazy, Suspense } from 'react';
import { cx } from '../../lib/cx';
import styles from './markdown.module.css';

// The Markdown library (~40 kB gzipped) is a chunk of its own, loaded the first time words are
// shown; until then the text shows as it was typed, which React escapes like any other text.
const MarkdownRenderer = lazy(() => import('./markdown-renderer'));

interface MarkdownProps {
  /** What a reader wrote, in Markdown. Never trusted: see markdown-renderer.tsx. */
  text: string;
  className?: string | undefined;
  /** Tighter spacing, for excerpts in lists and the feed. */
  compact?: boolean;
}

/** A reader's words (journal entries, notes, reviews), rendered as safe Markdown. */
export function Markdown({ text, className, compact = false }: MarkdownProps) {
  return (
    <div className={cx(styles.markdown, compact && styles.compact, className)} data-markdown="">
      <Suspense
        fallback={
          <p className={styles.plain} data-markdown-pending="">
            {text}
          </p>
        }
      >
        <MarkdownRenderer text={text} />
      </Suspense>
    </div>
  );
}
