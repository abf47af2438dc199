// Credential shapes secretlint's recommended preset does not cover, and values assigned to names
// that say "secret". Each finding is a span of the text and the kind its placeholder names.

export interface Finding {
  start: number;
  end: number;
  kind: string;
}

interface TokenRule {
  kind: string;
  pattern: RegExp;
}

/** Well-known token formats: the whole match is the secret. */
const TOKEN_RULES: readonly TokenRule[] = [
  { kind: 'gitlab-token', pattern: /\bgl(?:pat|dt|rt|ptt|cbt|imt|oas|soat|ft|agent)-[0-9A-Za-z_-]{20,}/g },
  { kind: 'stripe-secret-key', pattern: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}/g },
  { kind: 'stripe-webhook-secret', pattern: /\bwhsec_[0-9A-Za-z+/=]{24,}/g },
  { kind: 'google-api-key', pattern: /\bAIza[0-9A-Za-z_-]{35}/g },
  { kind: 'huggingface-token', pattern: /\bhf_[A-Za-z0-9]{34,}/g },
  { kind: 'aws-access-key-id', pattern: /\b(?:A3T[A-Z0-9]|AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/g },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  { kind: 'azure-storage-key', pattern: /AccountKey=[A-Za-z0-9+/]{40,}={0,2}/g },
];

/**
 * A private-key block of any kind (RSA, EC, OPENSSH, ENCRYPTED, PGP …), also with escaped
 * newlines inside a JSON string. The armor lines stay visible; the body is the secret. A block
 * whose end is missing (a cut-off window of a huge file) runs to the end of the text.
 */
const PRIVATE_KEY_BLOCK =
  /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----([\s\S]*?)(?:-----END \1PRIVATE KEY(?: BLOCK)?-----|$(?![\s\S]))/g;

// A name that says its value is a credential: API_TOKEN, client_secret, db.password, "apiKey".
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]*(?:secret|token|passw(?:or)?d|passwd|pwd|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?)[A-Za-z0-9_.-]*`;
/** `NAME = "value"`, `"name": 'value'`, `config['password'] = …`, `name: value`, `NAME=value` (unquoted: config files only). */
const ASSIGNMENT = new RegExp(
  String.raw`(?<![A-Za-z0-9_])(["']?)(${SECRET_NAME})\1\]?[ \t]*(?::=|=>|[:=])[ \t]*(?:(["'\x60])([^"'\x60\r\n\\]*(?:\\.[^"'\x60\r\n\\]*)*)\3|([^\s"'\x60#;,)(\]\[{}]+))`,
  'gi',
);

const PLACEHOLDER =
  /^(?:\$\{.*\}|\$\(.*\)|\$[A-Za-z_][A-Za-z0-9_]*|%\(.*\)s|\{\{.*\}\}|<.*>|\*+|x+|\.+|-+|changeme|change[_-]?me|example|password|secret|token|null|none|nil|undefined|true|false|test|dummy|placeholder|redacted|todo|your[_-].*|my[_-].*)$/i;
const IDENTIFIER_CHAIN = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
const WORDS = /^[A-Za-z]+(?:[-_ .][A-Za-z]+)*$/;

export function findTokens(text: string): Finding[] {
  const found: Finding[] = [];
  for (const rule of TOKEN_RULES) {
    for (const match of text.matchAll(rule.pattern))
      found.push({ start: match.index, end: match.index + match[0].length, kind: rule.kind });
  }
  return found;
}

/** Private-key bodies; blocks span lines, so this reads the whole text (its literal start keeps it fast). */
export function findPrivateKeys(text: string): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(PRIVATE_KEY_BLOCK)) {
    const bodyStart = match.index + match[0].indexOf('-----', 5) + 5;
    const body = match[3];
    if (body.trim()) found.push({ start: bodyStart, end: bodyStart + body.length, kind: 'private-key' });
  }
  return found;
}

/**
 * Values assigned to secret-sounding names. Quoted values anywhere; bare values only where the
 * text is configuration (`.env`, YAML, INI), where a bare word is a value and not a variable.
 */
export function findAssignments(text: string, configLike: boolean): Finding[] {
  const found: Finding[] = [];
  for (const match of text.matchAll(ASSIGNMENT)) {
    const name = match[2];
    const quoted = match[4];
    const value = quoted ?? match[5];
    if (value === undefined || (quoted === undefined && !configLike)) continue;
    const kind = kindOfName(name);
    if (!looksLikeCredential(value, kind, quoted !== undefined)) continue;
    const start = match.index + match[0].length - value.length - (quoted !== undefined ? 1 : 0);
    found.push({ start, end: start + value.length, kind });
  }
  return found;
}

function kindOfName(name: string): string {
  const lower = name.toLowerCase();
  if (/passw|pwd/.test(lower)) return 'password';
  if (/token/.test(lower)) return 'token';
  if (/key/.test(lower)) return 'api-key';
  if (/credential/.test(lower)) return 'credential';
  return 'secret';
}

/** Passwords may be plain words; tokens and keys must look random, so names and labels stay. */
export function looksLikeCredential(value: string, kind: string, quoted: boolean): boolean {
  const v = value.trim();
  if (v.length < (kind === 'password' ? 6 : 12) || v.length > 4096) return false;
  if (PLACEHOLDER.test(v) || /\s/.test(v)) return false;
  if (/^(?:https?|file):\/\/|^\.{0,2}\//.test(v)) return false; // a URL or a path, not a value
  if (kind === 'password') return !(quoted === false && IDENTIFIER_CHAIN.test(v) && v.includes('.')); // `password: config.db.password`
  if (WORDS.test(v) && looksLikeWords(v)) return false;
  if (IDENTIFIER_CHAIN.test(v) && !/\d/.test(v) && looksLikeWords(v)) return false;
  return entropy(v) >= 3;
}

/** Names and labels read like words: vowels in them, capitals only at word starts; random letters do not. */
function looksLikeWords(value: string): boolean {
  const letters = value.replace(/[^A-Za-z]/g, '');
  if (letters.length === 0) return false;
  const vowels = (letters.match(/[aeiouy]/gi)?.length ?? 0) / letters.length;
  const capitals = (letters.match(/[A-Z]/g)?.length ?? 0) / letters.length;
  return vowels >= 0.25 && (capitals <= 0.35 || capitals === 1);
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
