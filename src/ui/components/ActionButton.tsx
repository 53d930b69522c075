/**
 * A button for one action of the registry (ui/actions.ts): label, enabled state and shortcut come from there.
 * `submit`: the form's submit button (the form's onSubmit performs the action, so Enter in a field does too).
 */
import type { ReactNode } from 'react';
import { ariaShortcut, useAction, type ActionId } from '../actions';

interface Props {
  id: ActionId;
  className?: string;
  /** Show the shortcut inside the button (the run toolbar does). */
  showKey?: boolean;
  submit?: boolean;
  /** Extra reasons to disable it that are the view's own (a field being edited). */
  disabled?: boolean;
  title?: string;
  testId?: string;
  /** aria-describedby: a note that says why it is off. */
  describedBy?: string;
  children?: ReactNode;
}

export function ActionButton({ id, className, showKey, submit, disabled, title, testId, describedBy, children }: Props) {
  const a = useAction(id);
  return (
    <button
      type={submit ? 'submit' : 'button'}
      className={className}
      disabled={!a.enabled || disabled}
      onClick={submit ? undefined : a.perform}
      aria-keyshortcuts={ariaShortcut(a.shortcut)}
      data-action={id}
      data-testid={testId}
      title={title}
      aria-describedby={describedBy}
    >
      {children ?? a.label}
      {showKey && a.shortcut ? <kbd>{a.shortcut}</kbd> : null}
    </button>
  );
}
