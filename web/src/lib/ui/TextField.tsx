/** Form fields of the settings and admin pages: a labelled input with its hint or error. */
import type { InputHTMLAttributes, ReactNode } from 'react';

type TextFieldProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  error?: string;
  hint?: ReactNode;
  /** Passed to the <input> (type, autoComplete, …). */
  inputProps?: InputHTMLAttributes<HTMLInputElement>;
  /** Shown beside the input (e.g. a "Suggest one" button). */
  after?: ReactNode;
};

/** Props: see TextFieldProps. */
export function TextField({ id, label, value, onChange, testId, error, hint, inputProps, after }: TextFieldProps) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  const input = (
    <input
      id={id}
      className="input"
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
      {...inputProps}
    />
  );
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {after ? (
        <div className="inline-form-row">
          {input}
          {after}
        </div>
      ) : (
        input
      )}
      {error ? (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      ) : (
        hint && (
          <span id={`${id}-hint`} className="hint">
            {hint}
          </span>
        )
      )}
    </div>
  );
}
