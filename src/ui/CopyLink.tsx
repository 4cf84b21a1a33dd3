import { useEffect, useRef, useState } from 'react';
import { copyShortcut, copyText } from './clipboard';
import { currentQuery } from './view-store';

type Shown = { kind: 'copied' } | { kind: 'manual'; url: string; why: string } | null;

const COPIED_MS = 2500;

/**
 * Copies a link to the page as it is (view and every knob off its default). Where the clipboard
 * cannot be used (an insecure context, a refusal), it shows the link selected in a field, says
 * why and how to copy it; either way it says what happened.
 */
export function CopyLink() {
  const [shown, setShown] = useState<Shown>(null);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (shown?.kind === 'manual') {
      field.current?.focus();
      field.current?.select();
    }
    if (shown?.kind !== 'copied') return;
    const t = setTimeout(() => setShown(null), COPIED_MS);
    return () => clearTimeout(t);
  }, [shown]);

  async function copy() {
    const q = currentQuery();
    const url = `${window.location.origin}${window.location.pathname}${q ? `?${q}` : ''}`;
    const outcome = await copyText(url);
    setShown(outcome.copied ? { kind: 'copied' } : { kind: 'manual', url, why: outcome.why });
  }

  return (
    <div className="copy-link">
      <button type="button" className="small ghost" data-testid="copy-link" onClick={() => void copy()} title="The link holds the view and every knob that differs from its default">
        {shown?.kind === 'copied' ? 'Link copied' : 'Copy link'}
      </button>
      <span className="visually-hidden" role="status">
        {shown?.kind === 'copied' ? 'The link to this page is on the clipboard.' : ''}
      </span>
      {shown?.kind === 'manual' && (
        <div className="copy-link-manual" role="alert" data-testid="copy-link-manual">
          <p>
            {shown.why}. The link is selected below: press {copyShortcut()} to copy it.
          </p>
          <input
            ref={field}
            type="text"
            readOnly
            value={shown.url}
            aria-label="Link to this page"
            data-testid="copy-link-field"
            onFocus={(e) => e.currentTarget.select()}
            onKeyDown={(e) => e.key === 'Escape' && setShown(null)}
          />
          <button type="button" className="small ghost" onClick={() => setShown(null)}>
            Close
          </button>
        </div>
      )}
    </div>
  );
}
