// `rlm repl`: an interactive prompt on the same sandbox the model gets — the quickest way to
// see what the model sees. Multi-line input continues while the code is incomplete.
import { parse } from 'acorn';
import { appendFileSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CellResult } from '../sandbox/sandbox.js';
import { openSession, type SessionOptions } from './session.js';

export interface ReplIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  terminal: boolean;
}

const HISTORY_SIZE = 1000;
const BANNER = 'rlm repl — the workspace as the model sees it. Type .help for the functions, .exit to leave.';

export async function runRepl(options: SessionOptions, io: ReplIo): Promise<number> {
  const session = await openSession(options);
  const historyFile = process.env.RLM_REPL_HISTORY ?? join(homedir(), '.rlm_repl_history');
  const rl = createInterface({
    input: io.input,
    output: io.output,
    terminal: io.terminal,
    historySize: HISTORY_SIZE,
    history: io.terminal ? loadHistory(historyFile) : [],
  });
  const say = (text: string) => io.output.write(text.endsWith('\n') ? text : `${text}\n`);
  let buffer = '';
  let running: AbortController | undefined;
  const prompt = () => {
    rl.setPrompt(buffer ? '... ' : 'rlm> ');
    rl.prompt();
  };

  rl.on('SIGINT', () => {
    if (running) return running.abort();
    if (buffer) {
      buffer = '';
      say('');
      return prompt();
    }
    say('(press Ctrl+D or type .exit to leave)');
    prompt();
  });

  say(`${BANNER}\nWorkspace: ${options.workspaces.join(', ')}`);
  prompt();
  for await (const line of rl) {
    const command = buffer ? '' : line.trim();
    if (command === '.exit') break;
    if (command === '.help') {
      say(session.help);
      prompt();
      continue;
    }
    if (command === '.clear') {
      buffer = '';
      prompt();
      continue;
    }
    buffer = buffer ? `${buffer}\n${line}` : line;
    if (!buffer.trim() || isIncomplete(buffer)) {
      if (!buffer.trim()) buffer = '';
      prompt();
      continue;
    }
    const code = buffer;
    buffer = '';
    if (io.terminal) saveHistory(historyFile, code);
    running = new AbortController();
    rl.pause();
    const result = await session.sandbox.run(code, { signal: running.signal });
    running = undefined;
    rl.resume();
    say(describe(result));
    prompt();
  }
  rl.close();
  await session.dispose();
  return 0;
}

function describe(result: CellResult): string {
  const parts = [result.output.replace(/\n$/, '')];
  if (result.error) parts.push(result.error);
  else if (result.final) parts.push(`FINAL → ${result.final.text}`);
  else if (result.value !== undefined) parts.push(result.value);
  return parts.filter(Boolean).join('\n');
}

/** True when the parser ran out of input: the user is still typing a block or an expression. */
function isIncomplete(code: string): boolean {
  try {
    parse(code, { ecmaVersion: 'latest', allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true });
    return false;
  } catch (e) {
    const raisedAt = (e as { raisedAt?: number }).raisedAt;
    return raisedAt !== undefined && raisedAt >= code.length;
  }
}

function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(file: string, code: string): void {
  try {
    appendFileSync(file, `${code.replace(/\n/g, ' ')}\n`);
  } catch {
    // History is a convenience; an unwritable home folder must not break the REPL.
  }
}
