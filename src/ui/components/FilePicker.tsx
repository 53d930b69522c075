/**
 * A labelled file (or folder) picker: a visible label styled as a button for a visually hidden input, so the
 * control is keyboard- and screen-reader-reachable. Every importer of the app (datasets, runs) uses it.
 */
import { useId } from 'react';

interface Props {
  label: string;
  onFiles: (files: File[]) => void;
  /** Pick a whole folder (its files named by their path inside it). */
  folder?: boolean;
  accept?: string;
  testId: string;
  disabled?: boolean;
  labelClass?: string;
}

export function FilePicker({ label, onFiles, folder, accept, testId, disabled, labelClass = 'button-like' }: Props) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input
        id={id}
        type="file"
        accept={accept}
        multiple
        className="visually-hidden-input"
        data-testid={testId}
        disabled={disabled}
        ref={(el) => {
          // Not a React prop: set on the element so the browser offers a folder.
          if (folder) el?.setAttribute('webkitdirectory', '');
        }}
        onChange={(e) => {
          onFiles([...(e.target.files ?? [])]);
          e.target.value = '';
        }}
      />
    </>
  );
}
