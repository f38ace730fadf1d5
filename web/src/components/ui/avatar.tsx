import { useState } from 'react';
import { resolveApiUrl } from '../../lib/api-client';
import { cx } from '../../lib/cx';
import styles from './avatar.module.css';

export type AvatarSize = 'sm' | 'md' | 'lg' | 'xl';

interface AvatarProps {
  name: string;
  src: string | null | undefined;
  size?: AvatarSize;
  /** Text for screen readers; leave empty when the name is written right beside the avatar. */
  alt?: string;
}

const SIZES: Record<AvatarSize, string | undefined> = {
  sm: styles.avatarSm,
  md: styles.avatarMd,
  lg: styles.avatarLg,
  xl: styles.avatarXl,
};

export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s_]+/)
    .filter(Boolean);
  const letters =
    words.length > 1 ? [words[0]?.[0], words[words.length - 1]?.[0]] : [words[0]?.[0], words[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}

export function Avatar({ name, src, size = 'md', alt = '' }: AvatarProps) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const showImage = Boolean(src) && failedSrc !== src;
  return (
    <span className={cx(styles.avatar, SIZES[size])}>
      {showImage && src ? (
        <img
          className={styles.avatarImage}
          src={src.startsWith('blob:') ? src : resolveApiUrl(src)}
          alt={alt}
          onError={() => setFailedSrc(src)}
        />
      ) : alt ? (
        <span className={styles.avatarInitials} role="img" aria-label={alt}>
          {initialsOf(name)}
        </span>
      ) : (
        <span className={styles.avatarInitials} aria-hidden="true">
          {initialsOf(name)}
        </span>
      )}
    </span>
  );
}
