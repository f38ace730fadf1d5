import type { ButtonHTMLAttributes, Ref } from 'react';
import { cx } from '../../lib/cx';
import styles from './button.module.css';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost';
  busy?: boolean;
  busyLabel?: string;
  /** As wide as its container. */
  block?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

type ButtonVariant = NonNullable<ButtonProps['variant']>;

const VARIANTS: Record<ButtonVariant, string | undefined> = {
  primary: styles.buttonPrimary,
  secondary: styles.buttonSecondary,
  danger: styles.buttonDanger,
  ghost: styles.buttonGhost,
};

/** The classes of a button, for links and other elements that look like one. */
export function buttonClass(variant: ButtonVariant, ...extra: (string | false | null | undefined)[]): string {
  return cx(styles.button, VARIANTS[variant], ...extra);
}

/** Makes a button-looking link as wide as its container. */
export const buttonBlockClass = styles.buttonBlock;

export function Button({
  variant = 'primary',
  busy = false,
  busyLabel,
  block = false,
  className,
  children,
  disabled,
  type = 'button',
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      className={buttonClass(variant, block && styles.buttonBlock, className)}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
    >
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
