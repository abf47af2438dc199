// Worker-thread entry: parses files off the calling thread. Each request carries the text; the
// reply is plain data (the parse tree never leaves extractFile).
import { parentPort } from 'node:worker_threads';
import { extractFile, loadGrammar } from './extract.js';
import type { FileSymbols } from './types.js';

export interface ParseRequest {
  id: number;
  language: string;
  text: string;
  timeoutMs: number;
  /** False: symbols only (references are parsed when refs() asks). */
  references: boolean;
}

/** Loads these languages' grammars ahead of the parses that will need them; no reply. */
export interface PrepareRequest {
  prepare: readonly string[];
}

export interface ParseReply {
  id: number;
  result?: FileSymbols;
  error?: string;
}

export async function handleParse(request: ParseRequest): Promise<ParseReply> {
  try {
    const grammar = await loadGrammar(request.language);
    if (!grammar) return { id: request.id, result: { symbols: [], references: [] } };
    return { id: request.id, result: extractFile(grammar, request.text, request.timeoutMs, request.references) };
  } catch (e) {
    return { id: request.id, error: e instanceof Error ? e.message : String(e) };
  }
}

// The pool sends the next file before this one is done: answer in the order asked, even when a
// later file's grammar is loaded first.
let previous: Promise<unknown> = Promise.resolve();
parentPort?.on('message', (request: ParseRequest | PrepareRequest) => {
  if ('prepare' in request) for (const language of request.prepare) void loadGrammar(language).catch(() => undefined);
  else previous = previous.then(() => handleParse(request)).then((reply) => parentPort?.postMessage(reply));
});
