import { type ReadingStatus, STATUS_OPTIONS } from '../types';

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
    <fieldset className="status-picker">
      <legend className="field__label status-picker__label">{label}</legend>
      <div className="status-picker__options">
        {STATUS_OPTIONS.map((option) => (
          <button
            key={option.value}
            type="button"
            className="status-picker__option"
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
