// Bytes → text the way editors guess it: BOM, then UTF-8, else windows-1252. NUL bytes mean binary.
import { isUtf8 } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Like git and ripgrep: a NUL byte in the first 8 KB marks a file as binary. */
export const BINARY_SNIFF_BYTES = 8192;

/** Encoding announced by a byte-order mark, if any. */
export function bomEncoding(bytes: Uint8Array): TextEncoding | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** True when the head of a file has a NUL byte (UTF-16 text with a BOM is not binary). */
export function isBinary(head: Uint8Array): boolean {
  const encoding = bomEncoding(head);
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return false;
  return head.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

export function detectEncoding(bytes: Uint8Array): TextEncoding {
  return bomEncoding(bytes) ?? (isUtf8(bytes) ? 'utf-8' : 'windows-1252');
}

/** Decodes text, dropping a leading BOM; windows-1252 maps every byte, so nothing becomes U+FFFD. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding = detectEncoding(bytes)): string {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  return new TextDecoder(encoding).decode(bytes);
}

// 0x80–0x9F of windows-1252 (undefined bytes stay as their C1 control). Node 20's own
// "windows-1252" TextDecoder decodes these as Latin-1 control characters instead.
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80]);
}
