import { useEffect, useRef, useState } from 'react';
import { copyShortcut, copyText } from './clipboard';
import { currentQuery } from './view-store';

type Shown = { kind: 'copied' } | { kind: 'manual'; url: string; why: string } | null;

const COPIED_MS = 2500;

interface CopyLinkProps {
  /** The query the link carries; the page as it is by default. The Classroom's lesson link passes its own. */
  query?: () => string;
  label?: string;
  /** The test id of the button; its manual field and box get `-field` and `-manual` after it. */
  testId?: string;
  /** What the link is, for the status line and the field's name. */
  what?: string;
}

/**
 * Copies a link to the page as it is (view and every knob off its default). Where the clipboard
 * cannot be used (an insecure context, a refusal), it shows the link selected in a field, says
 * why and how to copy it; either way it says what happened.
 */
export function CopyLink({ query = currentQuery, label = 'Copy link', testId = 'copy-link', what = 'The link to this page' }: CopyLinkProps = {}) {
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
    const q = query();
    const url = `${window.location.origin}${window.location.pathname}${q ? `?${q}` : ''}`;
    const outcome = await copyText(url);
    setShown(outcome.copied ? { kind: 'copied' } : { kind: 'manual', url, why: outcome.why });
  }

  return (
    <div className="copy-link">
      <button type="button" className="small ghost" data-testid={testId} onClick={() => void copy()} title="The link holds the view and every knob that differs from its default">
        {shown?.kind === 'copied' ? 'Link copied' : label}
      </button>
      <span className="visually-hidden" role="status">
        {shown?.kind === 'copied' ? `${what} is on the clipboard.` : ''}
      </span>
      {shown?.kind === 'manual' && (
        <div className="copy-link-manual" role="alert" data-testid={`${testId}-manual`}>
          <p>
            {shown.why}. The link is selected below: press {copyShortcut()} to copy it.
          </p>
          <input
            ref={field}
            type="text"
            readOnly
            value={shown.url}
            aria-label={what}
            data-testid={`${testId}-field`}
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
