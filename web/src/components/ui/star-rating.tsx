import { useId, useState } from 'react';
import { cx } from '../../lib/cx';
import fieldStyles from './field.module.css';
import styles from './star-rating.module.css';

const STAR_PATH =
  'M12 2.6l2.93 5.94 6.56.95-4.75 4.63 1.12 6.53L12 17.57l-5.86 3.08 1.12-6.53-4.75-4.63 6.56-.95z';

type StarFill = 0 | 0.5 | 1;

function fillFor(star: number, value: number | null): StarFill {
  if (value === null) return 0;
  if (value >= star) return 1;
  if (value >= star - 0.5) return 0.5;
  return 0;
}

function Star({ fill }: { fill: StarFill }) {
  return (
    <span
      className={cx(styles.star, fill === 1 ? styles.starFull : fill === 0.5 ? styles.starHalf : null)}
      aria-hidden="true"
    >
      <svg
        className={cx(styles.starShape, styles.starShapeEmpty)}
        viewBox="0 0 24 24"
        focusable="false"
        aria-hidden="true"
      >
        <path d={STAR_PATH} />
      </svg>
      <svg
        className={cx(styles.starShape, styles.starShapeFull)}
        viewBox="0 0 24 24"
        focusable="false"
        aria-hidden="true"
      >
        <path d={STAR_PATH} />
      </svg>
    </span>
  );
}

/** "1 star", "4.5 stars". */
export function starsText(value: number): string {
  return `${value} star${value === 1 ? '' : 's'}`;
}

/** A rating to look at: five stars filled in halves, read out as "Rated 4.5 out of 5". */
export function StarRating({ value, size = 'md' }: { value: number; size?: 'sm' | 'md' }) {
  return (
    <span
      className={cx(styles.stars, size === 'sm' && styles.starsSm)}
      role="img"
      aria-label={`Rated ${value} out of 5`}
    >
      {[1, 2, 3, 4, 5].map((star) => (
        <Star key={star} fill={fillFor(star, value)} />
      ))}
    </span>
  );
}

interface StarRatingInputProps {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
  disabled?: boolean;
}

const HALVES = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5];

/**
 * A half-star rating as ten native radio buttons ("0.5 stars" … "5 stars"): arrow keys move
 * through them and screen readers announce each value. Each radio is laid invisibly over its
 * half of a star, so a click lands on the radio itself.
 */
export function StarRatingInput({ label, value, onChange, disabled = false }: StarRatingInputProps) {
  const name = useId();
  const [hover, setHover] = useState<number | null>(null);
  const shown = hover ?? value;
  return (
    <fieldset className={styles.starInput} disabled={disabled}>
      <legend className={fieldStyles.fieldLabel}>{label}</legend>
      <div className={styles.starInputRow}>
        <div className={styles.starInputStars}>
          {[1, 2, 3, 4, 5].map((star) => (
            <span key={star} className={styles.starInputStar}>
              <Star fill={fillFor(star, shown)} />
              {HALVES.filter((half) => half > star - 1 && half <= star).map((half) => (
                <input
                  key={half}
                  type="radio"
                  name={name}
                  value={half}
                  aria-label={starsText(half)}
                  className={cx(
                    styles.starInputRadio,
                    half === star ? styles.starInputRadioRight : styles.starInputRadioLeft,
                  )}
                  checked={value === half}
                  onChange={() => onChange(half)}
                  onMouseEnter={() => setHover(half)}
                  onMouseLeave={() => setHover(null)}
                />
              ))}
            </span>
          ))}
        </div>
        <span className={styles.starInputValue} aria-hidden="true">
          {shown === null ? 'Not rated' : starsText(shown)}
        </span>
        {value !== null ? (
          <button type="button" className="link-button" onClick={() => onChange(null)}>
            Clear rating
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}
