/**
 * A modal form on <dialog>: title, fields, an error line and Cancel / submit. Esc and a click on
 * the backdrop cancel (unless busy); focus goes to the first field.
 */
import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { XIcon } from './icons';
import '#web/lib/dialog.css';

type Props = {
  open: boolean;
  title: string;
  /** One line under the title. */
  description?: ReactNode;
  /** The submit button's label; omit for a dialog with only a close button. */
  submitLabel?: string;
  /** Disables the submit button (e.g. nothing to save yet). */
  submitDisabled?: boolean;
  danger?: boolean;
  busy?: boolean;
  /** A failure to show above the buttons. */
  error?: string | null;
  /** data-testid of the dialog; its submit button gets `${testId}-submit`. */
  testId: string;
  wide?: boolean;
  onSubmit?: () => void;
  onClose: () => void;
  children: ReactNode;
  /** Extra buttons at the left of the footer. */
  footerStart?: ReactNode;
};

/** Props: see Props. */
export function FormDialog(props: Props) {
  const { t } = useTranslation();
  const {
    open,
    title,
    description,
    submitLabel,
    submitDisabled,
    danger,
    busy,
    error,
    testId,
    wide,
    onSubmit,
    onClose,
    children,
    footerStart,
  } = props;
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!busy && !submitDisabled) onSubmit?.();
  };
  const cancel = () => {
    if (!busy) onClose();
  };

  return (
    <dialog
      ref={ref}
      className={`dialog form-dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        cancel();
      }}
      onClick={(e) => {
        if (e.target === ref.current) cancel(); // a click on the backdrop
      }}
    >
      {open && (
        <form onSubmit={submit} noValidate>
          <div className="form-dialog-head">
            <h2 id={`${testId}-title`}>{title}</h2>
            <button type="button" className="icon-btn" aria-label={t('close')} onClick={cancel} disabled={busy}>
              <XIcon size={18} />
            </button>
          </div>
          {description && <p className="form-dialog-desc">{description}</p>}
          <div className="form-dialog-body">{children}</div>
          {error && (
            <div className="notice notice-error form-dialog-error" role="alert" data-testid={`${testId}-error`}>
              {error}
            </div>
          )}
          <div className="dialog-actions">
            {footerStart && <div className="dialog-actions-start">{footerStart}</div>}
            <button type="button" className="btn" onClick={cancel} disabled={busy} data-testid={`${testId}-cancel`}>
              {submitLabel ? t('cancel') : t('close')}
            </button>
            {submitLabel && (
              <button
                type="submit"
                className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
                data-testid={`${testId}-submit`}
                disabled={busy || submitDisabled}
              >
                {busy && <span className="spinner" aria-hidden="true" />}
                {submitLabel}
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}
