// The Markdown renderer proper; markdown.tsx loads it lazily so the library stays out of the first
// download. Raw HTML in the text is shown as text (react-markdown's default without rehype-raw),
// only the elements below are ever produced, URLs pass safeUrl, and no image is ever fetched: a
// Markdown image becomes a link to it, because the app makes no request off its own origin.
import type { ReactNode } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import styles from './markdown.module.css';
import { isExternalUrl, safeUrl } from './safe-url';

const ALLOWED_ELEMENTS = [
  'p',
  'br',
  'em',
  'strong',
  'a',
  'img',
  'blockquote',
  'ul',
  'ol',
  'li',
  'code',
  'pre',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
];

export const LINK_REL = 'noopener noreferrer nofollow';

function SafeLink({ href, children }: { href?: string | undefined; children?: ReactNode }) {
  if (!href) return <span className={styles.deadLink}>{children}</span>;
  const external = isExternalUrl(href);
  return (
    <a href={href} rel={LINK_REL} target={external ? '_blank' : undefined}>
      {children}
    </a>
  );
}

/** A reader's heading must not take over the page's outline: it is shown as a bold paragraph. */
function Heading({ children }: { children?: ReactNode }) {
  return (
    <p className={styles.heading}>
      <strong>{children}</strong>
    </p>
  );
}

const COMPONENTS: Components = {
  a: ({ href, children }) => <SafeLink href={href}>{children}</SafeLink>,
  img: ({ src, alt }) => {
    const label = `Image${alt ? `: ${alt}` : ''}`;
    return typeof src === 'string' && src ? <SafeLink href={src}>{label}</SafeLink> : <span>[{label}]</span>;
  },
  h1: Heading,
  h2: Heading,
  h3: Heading,
  h4: Heading,
  h5: Heading,
  h6: Heading,
};

function urlTransform(url: string): string | undefined {
  return safeUrl(url);
}

export default function MarkdownRenderer({ text }: { text: string }) {
  return (
    <ReactMarkdown
      allowedElements={ALLOWED_ELEMENTS}
      unwrapDisallowed
      urlTransform={urlTransform}
      components={COMPONENTS}
    >
      {text}
    </ReactMarkdown>
  );
}
