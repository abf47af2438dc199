// Pure helpers of the @rlm chat participant: the /folder argument and the previous exchange
// for follow-ups (citation links: chatCitations.ts). No vscode import.

/** "/folder src/engine where are retries?" → folder "src/engine", question "where are retries?". */
export function splitFolderPrompt(prompt: string): { folder?: string; question: string } {
  const match = /^\s*("([^"]+)"|\S+)\s*([\s\S]*)$/.exec(prompt);
  if (!match) return { question: prompt.trim() };
  const folder = (match[2] ?? match[1]).replace(/\/+$/, '');
  return { folder, question: match[3].trim() };
}

export interface RlmChatMetadata {
  runId: string;
  question: string;
  answer: string;
}

/** The last exchange of this participant in the chat history, if it answered. */
export function previousExchange(history: ReadonlyArray<{ metadata?: unknown } | object>): { question: string; answer: string } | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const meta = (history[i] as { result?: { metadata?: unknown } }).result?.metadata;
    if (isMetadata(meta) && meta.answer) return { question: meta.question, answer: meta.answer };
  }
  return undefined;
}

function isMetadata(value: unknown): value is RlmChatMetadata {
  const v = value as Partial<RlmChatMetadata> | undefined;
  return typeof v === 'object' && v !== null && typeof v.runId === 'string' && typeof v.question === 'string' && typeof v.answer === 'string';
}
