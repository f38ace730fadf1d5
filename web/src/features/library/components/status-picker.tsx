import fieldStyles from '../../../components/ui/field.module.css';
import { cx } from '../../../lib/cx';
import { type ReadingStatus, STATUS_OPTIONS } from '../types';
import styles from './status-picker.module.css';

interface StatusPickerProps {
  label: string;
  value: ReadingStatus | null;
  onChange: (status: ReadingStatus) => void;
  pending?: ReadingStatus | null;
  disabled?: boolean;
}

/** The four shelves as toggle buttons; the current one is pressed. */
export function StatusPicker({
  label,
  value,
  onChange,
  pending = null,
  disabled = false,
}: StatusPickerProps) {
  return (
    <fieldset className={styles.statusPicker}>
      <legend className={cx(fieldStyles.fieldLabel, styles.statusPickerLabel)}>{label}</legend>
      <div className={styles.statusPickerOptions}>
        {STATUS_OPTIONS.map((option) => (
          <button
            key={option.value}
            type="button"
            className={styles.statusPickerOption}
            aria-pressed={value === option.value}
            aria-busy={pending === option.value || undefined}
            disabled={disabled}
            onClick={() => {
              if (option.value !== value) onChange(option.value);
            }}
          >
            {option.label}
          </button>
        ))}
      </div>
    </fieldset>
  );
}
