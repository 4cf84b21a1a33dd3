/**
 * Copying text for the user. The async clipboard API exists only in a secure context (HTTPS or
 * localhost): on a LAN address such as http://192.168.1.20:4173 `navigator.clipboard` is
 * undefined. Callers then show the text selected in a field for the user to copy by hand.
 */
export type CopyOutcome = { copied: true } | { copied: false; why: string };

export async function copyText(text: string): Promise<CopyOutcome> {
  const clipboard = (navigator as Partial<Navigator>).clipboard;
  if (!clipboard?.writeText) {
    return { copied: false, why: 'This page cannot use the clipboard here (it is not served over HTTPS or from localhost)' };
  }
  try {
    await clipboard.writeText(text);
    return { copied: true };
  } catch {
    return { copied: false, why: 'The browser refused to write to the clipboard' };
  }
}

/** The shortcut that copies a selection on this platform. */
export function copyShortcut(): string {
  return /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘C' : 'Ctrl+C';
}
