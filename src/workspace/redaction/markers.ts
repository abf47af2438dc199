// What a line must hold for any credential rule to report on it: a literal that every match of
// the rule contains. Lines without one cannot hold a finding (a private-key body, or a value
// repeated elsewhere, is found from its marker line), so the rules read only marker lines, and a
// file without any is not judged at all. Read from the rules themselves: secretlint's recommended
// preset (@secretlint/secretlint-rule-preset-recommend 11, its regular expressions) and
// credentialRules.ts. test/workspace/redactionMarkers.test.ts holds a sample of every rule.

/**
 * - `assignment`: more name characters, a closing quote (and bracket), spaces, then `:` or `=` (our name rule).
 * - `secret`: the same, or `_ACCESS_KEY` and a closing quote at the end of the line (secretlint's
 *   AWS secret-key rule lets the `=` follow on the next line).
 * - `account`: `_ID` / `ID` / `Id` and a quote, then `:` or `=` or the line's end (its account-id rule).
 * - `userinfo`: an "@" before the next space or "/" (`scheme://user:password@`).
 */
export type Then = 'assignment' | 'secret' | 'account' | 'userinfo';

export interface Marker {
  text: string;
  /** Matched letter for letter (the rule's own expression is); otherwise ASCII letters match in either case. */
  caseSensitive: boolean;
  /** What must follow on the same line (checked in markerScan.ts). */
  then?: Then;
  /** A secretlint rule needs it: secretlint (≈ 1 ms a call) runs only where one is. */
  secretlint: boolean;
  /** Private-key armor: its block's body lines carry no marker, so the whole text is read. */
  armor?: boolean;
}

const exact = (texts: readonly string[], secretlint: boolean, then?: Then): Marker[] =>
  texts.map((text) => ({ text, caseSensitive: true, secretlint, ...(then ? { then } : {}) }));
const anyCase = (texts: readonly string[], secretlint: boolean, then?: Then): Marker[] =>
  texts.map((text) => ({ text, caseSensitive: false, secretlint, ...(then ? { then } : {}) }));
const keyNames = ['api', 'access', 'private', 'auth'].flatMap((word) => [`${word}key`, `${word}_key`, `${word}-key`]);

export const MARKERS: readonly Marker[] = [
  // Both: AWS access key ids.
  ...exact(['A3T', 'AKIA', 'AGPA', 'AIDA', 'AROA', 'AIPA', 'ANPA', 'ANVA', 'ASIA'], true),
  // secretlint: GitHub, npm, Slack, SendGrid, Shopify, OpenAI, Anthropic, Linear, 1Password.
  ...exact(['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'npm_', '_authToken=', 'x-oauth-basic@'], true),
  ...exact(['xoxb-', 'xoxp-', 'xoxa-', 'xoxo-', 'xoxr-', 'xapp-', 'SG.', 'shppa_', 'shpca_', 'shpat_', 'shpss_'], true),
  ...exact(['T3BlbkFJ', 'sk-ant-api0', 'lin_api_', 'ops_ey'], true),
  ...anyCase(['hooks.slack.com'], true),
  // secretlint: an AWS account id assigned to ACCOUNT / account / Account (`_ID`, quotes, `:`, `=`, `=>`).
  ...exact(['ACCOUNT', 'account', 'Account'], true, 'account'),
  // secretlint: basic auth and database connection strings, `scheme://user:password@`.
  ...exact(['://'], true, 'userinfo'),
  // Ours: GitLab, Stripe, Google, Hugging Face, JWT, Azure storage.
  ...exact(['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-', 'glimt-', 'gloas-', 'glsoat-', 'glft-', 'glagent-'], false),
  ...exact(['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_', 'AIza', 'hf_', 'eyJ', 'AccountKey='], false),
  // Both: a value assigned to a secret-sounding name (ours: any case; secretlint's AWS secret key).
  ...anyCase(['secret'], true, 'secret'),
  ...anyCase(['token', 'passw', 'pwd', 'credential', ...keyNames], false, 'assignment'),
  // Both: private-key blocks.
  { text: '-----BEGIN', caseSensitive: true, secretlint: true, armor: true },
];

/**
 * The markers as one ripgrep expression, without the `then` conditions: it matches every line
 * a marker is on (and some more), for the JS scan to judge. rg folds case by Unicode, a superset
 * of the ASCII folding the scan does.
 */
export function markerPattern(markers: readonly Marker[] = MARKERS): string {
  return markers
    .map((marker) => {
      const literal = marker.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return marker.caseSensitive ? literal : `(?i:${literal})`;
    })
    .join('|');
}
