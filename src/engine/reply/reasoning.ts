// Reasoning that reaches the reply text: Qwen3, DeepSeek-R1 and QwQ served without a
// reasoning parser write `<think>…</think>` before the answer; some chat templates open the
// block in the prompt, so the reply holds only the closing tag. None of it is ever code.

export interface StrippedReasoning {
  text: string;
  /** Characters of reasoning removed (0 when there was none). */
  removedChars: number;
}

const BLOCK = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const UNCLOSED = /<(think|thinking|reasoning)>[\s\S]*$/i;
const ORPHAN_CLOSE = /^[\s\S]*?<\/(think|thinking|reasoning)>/i;

export function stripReasoning(reply: string): StrippedReasoning {
  let text = reply.replace(BLOCK, '');
  // A closing tag with no opening one: the template opened the block, so all before it is reasoning.
  text = text.replace(ORPHAN_CLOSE, '');
  // A block the model never closed (cut off, or thinking to the end) hides the rest.
  text = text.replace(UNCLOSED, '');
  return { text: text.trim(), removedChars: reply.trim().length - text.trim().length };
}
