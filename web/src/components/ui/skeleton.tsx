import type { CSSProperties } from 'react';
import { cx } from '../../lib/cx';
import styles from './skeleton.module.css';

interface SkeletonProps {
  width?: CSSProperties['width'];
  height?: CSSProperties['height'];
  shape?: 'line' | 'circle' | 'block';
}

const SHAPES = { line: undefined, circle: styles.skeletonCircle, block: styles.skeletonBlock };

export function Skeleton({ width = '100%', height = '1em', shape = 'line' }: SkeletonProps) {
  return <span className={cx(styles.skeleton, SHAPES[shape])} style={{ width, height }} aria-hidden="true" />;
}

/** Announces loading once to screen readers while the shapes stand in for the content. */
export function LoadingRegion({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div aria-busy="true">
      <span className="visually-hidden" role="status">
        {label}
      </span>
      {children}
    </div>
  );
}
