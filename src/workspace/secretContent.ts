// Files that ARE credentials whatever their name: a private key, a cloud service-account or
// user credential, a kubeconfig with a token or client key, Terraform variables with secrets.
// Checked only where they can matter (data and key formats, not source code) and cheaply: the
// first KB of each candidate, read as the listing streams in, and the whole file only when that
// head looks like one.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fileStamp, type CleanVerdicts, type FileStamp } from './cleanVerdicts.js';
import type { ListingObserver } from './listing.js';
import { findAssignments } from './redaction/credentialRules.js';

/** Extensions of names whose content may be a credential: data and key formats (names without one are too). */
const CANDIDATE_EXTENSIONS = new Set([
  'json',
  'yaml',
  'yml',
  'tfvars',
  'txt',
  'crt',
  'cer',
  'asc',
  'conf',
  'cfg',
  'ini',
  'sec',
  'cred',
  'credentials',
]);
const EXTENSION_LENGTHS = [...CANDIDATE_EXTENSIONS].map((extension) => extension.length);
const SHORTEST_EXTENSION = Math.min(...EXTENSION_LENGTHS);
const LONGEST_EXTENSION = Math.max(...EXTENSION_LENGTHS);
const TFVARS = /\.tfvars(?:\.json)?$/i;
/** The head judged: exported for the listing's floor benchmark, which reads as many bytes. */
export const HEAD_BYTES = 1024;
/** After the listing, when its clean verdicts are written (cleanVerdicts.ts): its first use goes first. */
const KEEP_DELAY_MS = 100;
const MAX_BYTES = 1024 * 1024;
/** What the head of a credential file shows: armor, a JSON credential type, kubeconfig keys. */
const HEAD_MARKER =
  /-----BEGIN [A-Z0-9 ]*PRIVATE KEY|"type"\s*:\s*"(?:service_account|authorized_user|external_account)"|"private_key"\s*:|^(?:clusters|users|current-context|kind):/m;
const PRIVATE_KEY_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?-----END \1PRIVATE KEY( BLOCK)?-----/g;
const CERTIFICATE_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g;

/** True when the file's content is checked for credentials (so a change to it can hide or show it). */
export function isCredentialCandidate(path: string): boolean {
  // Every listed path is asked: string positions, not a regular expression (a tenth of the time).
  const start = path.lastIndexOf('/') + 1;
  const dot = path.lastIndexOf('.');
  if (dot < start) return path.length > start; // no extension
  const length = path.length - dot - 1;
  // ".py" and the like are refused before a string is cut out and lowered.
  if (length < SHORTEST_EXTENSION || length > LONGEST_EXTENSION) return false;
  return dot > start && CANDIDATE_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

/** Root-relative paths among `relativePaths` whose content is a credential. */
export function findCredentialFiles(rootPath: string, relativePaths: readonly string[]): ReadonlySet<string> {
  const scan = new CredentialScan(rootPath);
  for (const path of relativePaths) scan.offer(path);
  return scan.finish();
}

/**
 * Checks paths as a listing streams in: each candidate's head is read as ripgrep names it, while
 * rg walks on. Only the head decides, so reading it is all a clean file costs (6,089 candidates of
 * Python's library hold 42 MB that a search for the head's words read whole, ~5 rg processes).
 */
export class CredentialScan implements ListingObserver {
  private readonly found = new Set<string>();
  private readonly head = Buffer.alloc(HEAD_BYTES);
  /** With `verdicts`: each file judged clean, when it was offered (before its head was read) and its stamp after the read. */
  private readonly judgedClean: [path: string, at: number, stamp: FileStamp | undefined][] = [];

  /** `verdicts`: clean verdicts of earlier processes; a candidate unchanged since is not read again. */
  constructor(
    private readonly rootPath: string,
    private readonly verdicts?: CleanVerdicts,
  ) {}

  offer(path: string): void {
    if (!isCredentialCandidate(path)) return;
    const tfvars = TFVARS.test(path); // judged whole, whatever its head shows, and never kept
    const keep = this.verdicts !== undefined && !tfvars;
    if (keep && this.verdicts!.isClean(path, this.absPath(path))) return;
    const at = keep ? Date.now() : 0;
    const head = readStart(this.absPath(path), this.head, HEAD_BYTES, keep);
    if (this.isCredential(path, tfvars, head)) this.found.add(path);
    else if (keep) this.judgedClean.push([path, at, head?.stamp]);
  }

  /** Root-relative paths offered whose content is a credential. */
  finish(): ReadonlySet<string> {
    // Written once the listing is handed out and its first use answered. A process that ends
    // sooner only leaves the next one the scan.
    const { verdicts, judgedClean } = this;
    if (verdicts)
      setTimeout(() => {
        for (const [path, at, stamp] of judgedClean) verdicts.judgedClean(path, stamp, at);
        verdicts.save();
      }, KEEP_DELAY_MS).unref();
    return this.found;
  }

  /** rg's paths need no normalizing (path.join costs ~2 µs each). */
  private absPath(path: string): string {
    return `${this.rootPath}/${path}`;
  }

  private isCredential(path: string, tfvars: boolean, head: FileStart | undefined): boolean {
    if (head === undefined || (!tfvars && !HEAD_MARKER.test(head.text))) return false;
    // Bytes, not characters: a head with a multi-byte character decodes to fewer than HEAD_BYTES.
    const text = head.whole ? head.text : readStart(this.absPath(path), Buffer.alloc(MAX_BYTES), MAX_BYTES)?.text;
    return text !== undefined && isCredentialFile(text, path);
  }
}

/**
 * Names the verdict logic a kept clean verdict was judged by (tfvars files are never kept): a
 * change to it makes earlier verdicts void. Bump VERDICT_RULES when what decides changes elsewhere.
 */
const VERDICT_RULES = 2; // 2: a head of multi-byte text is read on to the end (it was judged alone)
export const CLEAN_VERDICT_RULES = createHash('sha256')
  .update(
    [VERDICT_RULES, HEAD_BYTES, MAX_BYTES, HEAD_MARKER.source, [...CANDIDATE_EXTENSIONS].join()]
      .concat([isCredentialFile, isPrivateKeyFile, isCloudCredential, isKubeconfigWithCredentials].map(String))
      .join('\0'),
  )
  .digest('hex')
  .slice(0, 16);

/** The verdict on a file's text (exported for tests). */
export function isCredentialFile(text: string, path: string): boolean {
  if (TFVARS.test(path)) return findAssignments(text, true).length > 0;
  return isPrivateKeyFile(text) || isCloudCredential(text) || isKubeconfigWithCredentials(text);
}

/** Mostly private-key blocks: what is left without them (and certificates, `Bag Attributes`) is a few lines at most. */
function isPrivateKeyFile(text: string): boolean {
  if (!PRIVATE_KEY_BLOCK.test(text)) return false;
  PRIVATE_KEY_BLOCK.lastIndex = 0;
  const rest = text
    .replace(PRIVATE_KEY_BLOCK, '')
    .replace(CERTIFICATE_BLOCK, '')
    .split('\n')
    .filter((line) => line.trim() && !/^\s*[\w -]+:/.test(line));
  return rest.length <= 3;
}

function isCloudCredential(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    const secretField = ['private_key', 'refresh_token', 'client_secret'].some(
      (key) => typeof record[key] === 'string' && record[key] !== '',
    );
    return (
      secretField && (typeof record.type === 'string' || typeof record.client_email === 'string' || typeof record.client_id === 'string')
    );
  } catch {
    return /"private_key"\s*:\s*"-----BEGIN/.test(text); // a JSON file cut or malformed, still holding a key
  }
}

function isKubeconfigWithCredentials(text: string): boolean {
  const kubeconfig = /^kind:\s*Config\s*$/m.test(text) || (/^clusters:/m.test(text) && /^users:/m.test(text));
  return kubeconfig && /^\s*(?:token|client-key-data|password|id-token|refresh-token|access-token):\s*\S/m.test(text);
}

interface FileStart {
  text: string;
  /** The read reached the end of the file. */
  whole: boolean;
  stamp?: FileStamp;
}

/**
 * The first bytes of a regular file, as latin1-safe text, and with `stamped` its stamp right after
 * the read (fstat of the same descriptor); undefined when it cannot be opened (or is a link).
 */
function readStart(absPath: string, buffer: Buffer, length: number, stamped = false): FileStart | undefined {
  let fd: number | undefined;
  try {
    // Not through a link; and no wait on a FIFO swapped in since the listing.
    fd = openSync(absPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const bytesRead = readSync(fd, buffer, 0, length, 0);
    const stamp = stamped ? fileStamp(fstatSync(fd)) : undefined;
    return { text: buffer.toString('utf8', 0, bytesRead), whole: bytesRead < length, stamp };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
