// Types and decoding for `rg --json` messages (only the parts grep uses).
import { decodeText, detectEncoding } from './decode.js';

/** rg sends valid UTF-8 as `text` and anything else as base64 `bytes`. */
export type RgData = { text: string } | { bytes: string };

export interface RgLineEvent {
  kind: 'match' | 'context';
  path: string;
  line: number;
  /** The line(s) without the final line ending; several lines for a multiline match. */
  text: string;
  /** 1-based JS string column of the first submatch (1 for context lines). */
  column: number;
}

interface RgMessage {
  type: string;
  data?: {
    path?: RgData;
    lines?: RgData;
    line_number?: number | null;
    submatches?: Array<{ start: number; end: number }>;
  };
}

/** Parses one line of rg's JSON output; undefined for begin/end/summary and for unreadable paths. */
export function parseRgLine(json: string): RgLineEvent | undefined {
  // rg writes the type first; skipping begin/end/summary unparsed halves the work on big results.
  if (!json.startsWith('{"type":"match"') && !json.startsWith('{"type":"context"')) return undefined;
  const message = JSON.parse(json) as RgMessage;
  if (message.type !== 'match' && message.type !== 'context') return undefined;
  const data = message.data;
  if (!data?.path || !data.lines || typeof data.line_number !== 'number') return undefined;
  if (!('text' in data.path)) return undefined; // a non-UTF-8 file name is never in the listing
  const { text, column } = decodeLine(data.lines, data.submatches?.[0]?.start ?? 0);
  return { kind: message.type, path: data.path.text, line: data.line_number, text: stripLineEnding(text), column };
}

/** Decodes rg's line data and turns a byte offset into a 1-based JS string column. */
export function decodeLine(lines: RgData, byteOffset: number): { text: string; column: number } {
  if ('text' in lines) {
    // Byte offset = string index while the text is ASCII, the common case.
    if (byteOffset === 0 || Buffer.byteLength(lines.text, 'utf8') === lines.text.length) {
      return { text: lines.text, column: byteOffset + 1 };
    }
    const prefix = Buffer.from(lines.text, 'utf8').subarray(0, byteOffset).toString('utf8');
    return { text: lines.text, column: prefix.length + 1 };
  }
  const bytes = Buffer.from(lines.bytes, 'base64');
  const encoding = detectEncoding(bytes);
  return {
    text: decodeText(bytes, encoding),
    column: decodeText(bytes.subarray(0, byteOffset), encoding).length + 1,
  };
}

function stripLineEnding(text: string): string {
  return text.replace(/\r?\n$/, '');
}
