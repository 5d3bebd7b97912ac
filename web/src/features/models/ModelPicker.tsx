/**
 * The model picker: a button that opens a listbox grouped by model server. Unreachable servers
 * and unavailable models are shown greyed with the reason, and cannot be picked.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Model } from '#common/models';
import { ChevronDownIcon, CheckIcon, ServerIcon } from '#web/lib/icons';
import { ModelPickerName } from '#web/features/a11y/ModelPickerName';
import { groupModels, useModels } from './models';
import { NoModelsHint } from '#web/features/firstrun/NoModelsHint';
import './models.css';
import { useTranslation } from 'react-i18next';

type Props = {
  /** The model id in use (may be missing from the list). */
  value: string | null;
  onChange: (modelId: string) => void;
  disabled?: boolean;
  /** Only the models this task offers (the conversation's task). */
  taskId?: string | null;
};

/** Props: see Props. */
export function ModelPicker({ value, onChange, disabled, taskId }: Props) {
  const { t } = useTranslation('models');
  const models = useModels(taskId);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const baseId = useId();

  const groups = useMemo(() => (models.data ? groupModels(models.data) : []), [models.data]);
  const choosable = useMemo(() => groups.flatMap((g) => g.models.filter((m) => m.available)), [groups]);
  const current: Model | undefined = models.data?.items.find((m) => m.id === value);

  useEffect(() => {
    if (!open) return;
    listRef.current?.focus();
    const onDown = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const show = () => {
    setActive(value && choosable.some((m) => m.id === value) ? value : (choosable[0]?.id ?? null));
    setOpen(true);
  };
  const close = (refocus = true) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  const pick = (id: string) => {
    close();
    if (id !== value) onChange(id);
  };

  const onListKey = (e: KeyboardEvent) => {
    const i = choosable.findIndex((m) => m.id === active);
    const move = (to: number) => {
      e.preventDefault();
      const next = choosable[(to + choosable.length) % choosable.length];
      if (next) {
        setActive(next.id);
        document.getElementById(`${baseId}-${next.id}`)?.scrollIntoView({ block: 'nearest' });
      }
    };
    if (e.key === 'ArrowDown') move(i + 1);
    else if (e.key === 'ArrowUp') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(choosable.length - 1);
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (active) pick(active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Tab') close(false);
  };

  let label = t('chooseModel');
  if (models.isPending) label = t('loadingModels');
  else if (models.isError) label = t('modelsUnavailable');
  else if (current) label = current.name;
  else if (value) label = t('notAvailable', { name: value.split('/').slice(1).join('/') || value });
  else if (choosable.length === 0) label = t('noModels');

  return (
    <div className="model-picker" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="model-trigger"
        data-testid="model-picker"
        aria-haspopup="listbox"
        aria-expanded={open}
        disabled={disabled || models.isPending}
        onClick={() => (open ? close() : show())}
      >
        <ModelPickerName label={label} server={current?.connectionName} />
        <ChevronDownIcon size={16} />
      </button>
      {open && (
        <div
          ref={listRef}
          className="model-menu"
          role="listbox"
          aria-label={t('models')}
          tabIndex={-1}
          aria-activedescendant={active ? `${baseId}-${active}` : undefined}
          onKeyDown={onListKey}
        >
          {groups.length === 0 && (
            <div className="model-empty">
              {t('noServers')} <NoModelsHint askAdmin={models.data?.askAdmin} />
            </div>
          )}
          {groups.length > 0 && choosable.length === 0 && (
            <div className="model-empty">
              <NoModelsHint askAdmin={models.data?.askAdmin} anyServer />
            </div>
          )}
          {groups.map((g) => (
            <div key={g.id} role="group" aria-labelledby={`${baseId}-g-${g.id}`} className="model-group">
              <div id={`${baseId}-g-${g.id}`} className={`model-group-head${g.reachable ? '' : ' is-down'}`}>
                <ServerIcon size={14} />
                <span>{g.name}</span>
                {!g.reachable && <span className="model-status">{t('offline')}</span>}
              </div>
              {!g.reachable && <div className="model-reason">{g.error ?? t('serverDidNotAnswer')}</div>}
              {g.reachable && g.models.length === 0 && <div className="model-reason">{t('noModelsLoaded')}</div>}
              {g.models.map((m) => (
                <div
                  key={m.id}
                  id={`${baseId}-${m.id}`}
                  role="option"
                  data-testid="model-option"
                  data-model-id={m.id}
                  aria-selected={m.id === value}
                  aria-disabled={!m.available}
                  className={`model-option${m.id === active ? ' is-active' : ''}${m.available ? '' : ' is-disabled'}`}
                  title={
                    m.available
                      ? m.id
                      : t('modelUnavailableWhy', { name: m.name, why: g.error ?? t('lastCheckUnanswered') })
                  }
                  onPointerEnter={() => m.available && setActive(m.id)}
                  onClick={() => m.available && pick(m.id)}
                >
                  <span className="model-option-name">{m.name}</span>
                  {m.hidden && <span className="model-ctx">{t('hiddenFromMembers')}</span>}
                  {m.contextLength && (
                    <span className="model-ctx">{t('contextK', { size: Math.round(m.contextLength / 1024) })}</span>
                  )}
                  {m.id === value && <CheckIcon size={16} />}
                </div>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
