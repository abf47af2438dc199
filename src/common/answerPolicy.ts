// The one policy for model-written text on every surface (the panel's webview and the chat
// participant): an answer is hostile until proven otherwise. Links may go to web pages over
// http(s) or to workspace files (citations); every other scheme (command:, vscode:, file:,
// javascript:, data:, …) is dropped. Images are never loaded: one the model wrote is shown as a
// link, so a prompt-injected answer cannot send data out through an image URL. Pure code: both
// bundles import it (the webview's markdown.ts, the chat's chatFormat.ts).
import { parseCitation, type Citation } from './citations.js';

export type LinkTarget = { kind: 'web'; href: string } | { kind: 'file'; citation: Citation };

const WEB = /^https?:\/\/[^/\\\s]/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** Browsers drop these inside a URL (`java\tscript:`), so they are ignored when judging one. */
const IGNORED_IN_URLS = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;

/** Where a link the model wrote may go, or undefined when it must be shown as plain text. */
export function linkTarget(rawHref: string): LinkTarget | undefined {
  const href = safeDecode(rawHref.trim());
  const judged = href.replace(IGNORED_IN_URLS, '');
  if (WEB.test(judged)) return judged === href ? { kind: 'web', href: rawHref.trim() } : undefined;
  if (ANY_SCHEME.test(judged) || /^[/\\]/.test(judged) || judged.startsWith('#') || judged === '') return undefined;
  const citation = parseCitation(href) ?? { path: href.replace(/^\.\//, ''), line: 1 };
  // A citation names a workspace file: no way up and out of it.
  if (citation.path.split(/[/\\]/).includes('..')) return undefined;
  return { kind: 'file', citation };
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}
