// Replaces credentials inside text with placeholders naming their kind («redacted: github-token»).
// Detection: secretlint's recommended preset (a maintained ruleset) plus credentialRules.ts, on the
// lines that hold a marker (markers.ts).
// A placeholder never spans a newline, so line numbers and citations stay right.
import { findAssignments, findPrivateKeys, findTokens, type Finding } from './credentialRules.js';
import { scanMarkers, type LineSpan } from './markerScan.js';

type Secretlint = typeof import('@secretlint/core', { with: { 'resolution-mode': 'import' } });
type LintMessage = Awaited<ReturnType<Secretlint['lintSource']>>['messages'][number];
type LintConfig = Parameters<Secretlint['lintSource']>[0]['options']['config'];

let secretlint: Promise<{ lintSource: Secretlint['lintSource']; config: LintConfig }> | undefined;

/** secretlint is ESM-only: loaded on first use (≈ 20 ms), then shared (exported for the marker tests). */
export function loadSecretlint(): Promise<{ lintSource: Secretlint['lintSource']; config: LintConfig }> {
  secretlint ??= Promise.all([
    import('@secretlint/core'),
    import('@secretlint/secretlint-rule-preset-recommend'),
    import('@secretlint/profiler'),
  ]).then(([core, preset, profiler]) => {
    silenceProfiler(profiler.secretLintProfiler);
    return {
      lintSource: core.lintSource,
      config: {
        rules: [
          {
            id: '@secretlint/secretlint-rule-preset-recommend',
            rule: preset.creator,
            rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }],
          },
        ],
      },
    };
  });
  return secretlint;
}

const NO_MARKS = { mark: () => undefined, measure: () => undefined };

/**
 * secretlint 11 marks each rule of each lint in the process-wide performance timeline, and scans
 * every earlier mark on each new one: the marks never go away (a leak in a long-lived extension
 * host) and each lint gets slower than the last (upstream issue #1633; the fix, in 13, needs
 * Node 22). Its profiler is ours to silence: the same module instance as core's (an exact pin).
 */
function silenceProfiler(profiler: object): void {
  Reflect.set(profiler, 'perf', NO_MARKS);
}

/** Files whose bare `NAME=value` lines are values, not code. */
const CONFIG_FILE =
  /(?:^|\/)(?:\.env[^/]*|[^/.]+|[^/]*\.(?:ya?ml|ini|cfg|conf|properties|toml|env|tfvars|txt|pgpass|netrc|npmrc|pypirc))$/i;

export function placeholder(kind: string): string {
  return `«redacted: ${kind}»`;
}

/**
 * The text with every credential replaced. `path` (workspace path) tells configuration from
 * code; without one the text is treated as configuration (the stricter reading).
 */
export async function redactText(text: string, path?: string): Promise<string> {
  const findings = await findCredentials(text, path);
  return findings.length ? applyFindings(text, findings) : text;
}

export async function findCredentials(text: string, path?: string): Promise<Finding[]> {
  if (text === '') return [];
  const scan = scanMarkers(text);
  if (scan.lines.length === 0) return [];
  const found = scan.armor ? findPrivateKeys(text) : [];
  const excerpt = excerptOf(text, scan.lines);
  for (const finding of await findInExcerpt(excerpt.text, path, scan.secretlint)) {
    found.push({ start: excerpt.toOriginal(finding.start), end: excerpt.toOriginal(finding.end - 1) + 1, kind: finding.kind });
  }
  return withRepeats(text, found);
}

/**
 * Whether findCredentials would find anything in a text, judged from some of its lines: all
 * that may hold a marker, in order (grep's ripgrep pass gives them). Armor is a yes: a key
 * block's body lines are not among them.
 */
export async function linesHoldCredentials(lines: readonly string[], path?: string): Promise<boolean> {
  const marked: string[] = [];
  let secretlint = false;
  for (const line of lines) {
    const scan = scanMarkers(line);
    if (scan.armor) return true;
    if (scan.lines.length === 0) continue;
    marked.push(line);
    secretlint ||= scan.secretlint;
  }
  return marked.length > 0 && (await findInExcerpt(marked.join('\n'), path, secretlint)).length > 0;
}

/** The rules, on marker lines joined by newlines. */
async function findInExcerpt(excerpt: string, path: string | undefined, secretlint: boolean): Promise<Finding[]> {
  const configLike = path === undefined || CONFIG_FILE.test(path);
  // Specific kinds first: where spans coincide, the first one names the placeholder.
  const found = [
    ...(secretlint ? await secretlintFindings(excerpt, path) : []),
    ...findTokens(excerpt),
    ...findAssignments(excerpt, configLike),
  ];
  return found.filter((finding) => finding.end > finding.start);
}

interface Excerpt {
  text: string;
  toOriginal(index: number): number;
}

/**
 * The marker lines, joined: typically a few percent of a source file, so the rules (secretlint
 * reads ~5 MB/s) run on that instead of the whole text. Adjacent lines form one segment.
 */
function excerptOf(text: string, lines: readonly LineSpan[]): Excerpt {
  const segments: Array<{ from: number; to: number; at: number }> = [];
  let length = 0;
  for (const { from, to } of lines) {
    const last = segments[segments.length - 1];
    if (last && last.to + 1 === from) {
      length += to - last.to;
      last.to = to;
    } else {
      segments.push({ from, to, at: length + (segments.length ? 1 : 0) });
      length = segments[segments.length - 1].at + to - from;
    }
  }
  return {
    text: segments.map((segment) => text.slice(segment.from, segment.to)).join('\n'),
    toOriginal(index) {
      let low = 0;
      let high = segments.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (segments[mid].at <= index) low = mid;
        else high = mid - 1;
      }
      return segments[low].from + (index - segments[low].at);
    },
  };
}

async function secretlintFindings(text: string, path: string | undefined): Promise<Finding[]> {
  const { lintSource, config } = await loadSecretlint();
  const result = await lintSource({
    // No physical path: the p12 rule would read the file from disk, which the tree decides.
    // A `secretlint-disable` comment is a linting choice, not consent to send the key to a model:
    // defused with a same-length edit, so the ranges still fit the text.
    source: {
      filePath: path ?? 'text.txt',
      content: text.replace(/secretlint-(disable|enable)/g, 'secretlint_$1'),
      ext: extensionOf(path),
      contentType: 'text',
    },
    options: { config, noPhysicFilePath: true },
  });
  return result.messages.map((message) => toFinding(text, message));
}

/**
 * secretlint's range does not always sit on the value (its AWS secret-key rule reports the
 * value's length from the start of the name), so the span is the reported value where it is
 * found at or after the range's start, and the range itself otherwise.
 */
function toFinding(text: string, message: LintMessage): Finding {
  const [start, end] = message.range;
  const kind = kindOf(message);
  const values = Object.entries(message.data ?? {})
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'typeName' && entry[1].length >= 6)
    .map(([, value]) => value.replace(/["';,]+$/, ''));
  for (const value of values) {
    const at = text.indexOf(value, start);
    if (at >= 0 && at <= end) return narrow(text, { start: at, end: at + value.length, kind });
  }
  return narrow(text, { start, end, kind });
}

/** A connection string or URL keeps its user and host: only the password is the secret. */
function narrow(text: string, finding: Finding): Finding {
  const span = text.slice(finding.start, finding.end);
  if (span.startsWith('-----BEGIN')) {
    const bodyStart = span.indexOf('-----', 5) + 5;
    const bodyEnd = span.lastIndexOf('-----END');
    if (bodyStart > 4 && bodyEnd > bodyStart) return { ...finding, start: finding.start + bodyStart, end: finding.start + bodyEnd };
  }
  const credentials = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]+)@/i.exec(span);
  if (credentials) {
    const at = credentials[0].length - 1 - credentials[1].length;
    return { start: finding.start + at, end: finding.start + at + credentials[1].length, kind: 'password' };
  }
  return finding;
}

function kindOf(message: LintMessage): string {
  if (message.ruleId.endsWith('database-connection-string') || message.ruleId.endsWith('basicauth')) return 'password';
  return message.messageId
    .replace(/([a-z0-9])([A-Z])|([A-Z]+)([A-Z][a-z])/g, (_m, a?: string, b?: string, c?: string, d?: string) =>
      a ? `${a}-${b}` : `${c}-${d}`,
    )
    .replace(/_/g, '-')
    .toLowerCase();
}

/** A value found once is a secret wherever it appears in the text (a key repeated without its name). */
function withRepeats(text: string, found: Finding[]): Finding[] {
  const all = [...found];
  const seen = new Set<string>();
  for (const finding of found) {
    const value = text.slice(finding.start, finding.end);
    if (value.length < 8 || value.includes('\n') || seen.has(value)) continue;
    seen.add(value);
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) {
      all.push({ start: at, end: at + value.length, kind: finding.kind });
    }
  }
  return all;
}

/** Merges overlapping spans and replaces each line piece of a span with the placeholder. */
export function applyFindings(text: string, findings: readonly Finding[]): string {
  const spans = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (let i = 0; i < spans.length; i++) {
    const { start, kind } = spans[i];
    let end = spans[i].end;
    while (i + 1 < spans.length && spans[i + 1].start < end) end = Math.max(end, spans[++i].end);
    if (end <= at) continue;
    const from = Math.max(start, at);
    out += text.slice(at, from) + replaceKeepingLines(text.slice(from, end), placeholder(kind));
    at = end;
  }
  return out + text.slice(at);
}

/** Every non-empty line piece becomes the placeholder; newlines (and a CR before them) stay. */
function replaceKeepingLines(value: string, replacement: string): string {
  return value
    .split('\n')
    .map((piece) => (piece === '' || piece === '\r' ? piece : replacement + (piece.endsWith('\r') ? '\r' : '')))
    .join('\n');
}

/** The extension secretlint sees; never ".p12", for which it would read the file from disk itself. */
function extensionOf(path: string | undefined): string {
  const match = path ? /(\.[^./]+)$/.exec(path) : null;
  return match && match[1].toLowerCase() !== '.p12' ? match[1] : '';
}
