/**
 * The keyboard-shortcuts overlay (`?`, or the header's "Keyboard shortcuts" button): every action of the registry
 * (ui/actions.ts) with its shortcut, grouped as in the registry. A modal <dialog>: focus moves into it, the page
 * behind is inert, Escape or Close ends it and focus returns to where it was.
 */
import { useEffect, useRef } from 'react';
import { ACTIONS, labelOf, type ActionGroup } from '../actions';
import { useApp } from '../store';
import { ActionButton } from './ActionButton';

const GROUPS: ActionGroup[] = [...new Set(ACTIONS.map((a) => a.group))];

export function ShortcutsHelp() {
  const open = useApp((s) => s.helpOpen);
  const setOpen = useApp((s) => s.setHelpOpen);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
    }
    if (!open && d.open) d.close();
    if (!open && opener.current instanceof HTMLElement) {
      opener.current.focus();
      opener.current = null;
    }
  }, [open]);
  // Labels that follow the state (Start / Pause) are shown as they read now.
  const s = useApp.getState();
  return (
    <>
      <ActionButton id="help" className="secondary small" testId="shortcuts-open" />
      <dialog
        ref={dialog}
        className="tour shortcuts"
        aria-labelledby="shortcuts-title"
        onClose={() => setOpen(false)}
        data-testid="shortcuts"
      >
        {open ? (
          <>
            <div className="shortcuts-head">
              <h2 id="shortcuts-title">Keyboard shortcuts</h2>
              <button type="button" className="secondary" onClick={() => setOpen(false)}>
                Close
              </button>
            </div>
            <p className="muted small">Shortcuts work anywhere outside a text field; Esc closes this list.</p>
            {GROUPS.map((g) => (
              <table key={g} className="shortcuts-table" data-testid="shortcuts-table">
                <caption>{g}</caption>
                <thead>
                  <tr>
                    <th scope="col">Command</th>
                    <th scope="col">Key</th>
                  </tr>
                </thead>
                <tbody>
                  {ACTIONS.filter((a) => a.group === g).map((a) => (
                    <tr key={a.id} data-action={a.id}>
                      <td>{labelOf(a, s)}</td>
                      <td>{a.shortcut ? <kbd>{a.shortcut}</kbd> : <span className="muted">button only</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </>
        ) : null}
      </dialog>
    </>
  );
}
