// A failed run as `rlm ask` reports it on stderr: what happened, then the flag or environment
// variable that fixes it. VS Code words the same failures with its buttons (common/editorFailure.ts).
import { sentence } from '../common/editorFailure.js';
import type { RunFailure } from '../protocol/messages.js';

export function cliFailureText(failure: RunFailure): string {
  const hint = cliHint(failure);
  const said = sentence(failure.message);
  return hint ? `${said} ${hint}` : said;
}

function cliHint(failure: RunFailure): string {
  switch (failure.kind) {
    case 'auth':
      return failure.keySent
        ? 'Check the key given with --api-key (or OPENAI_API_KEY).'
        : 'Give the key with --api-key KEY (or OPENAI_API_KEY).';
    case 'quota':
      return "Check the account's plan and billing, or give another key with --api-key.";
    case 'not_found':
      return `Check --model (or RLM_MODEL): does the server serve "${failure.model ?? 'that model'}"? The base URL usually ends in /v1.`;
    case 'unreachable':
      return 'Check --base-url (or OPENAI_BASE_URL), and that the server is running.';
    case 'bad_request':
      return 'Check --model and --base-url.';
    case 'context_length':
      return "Give the model's window with --context-window TOKENS (or RLM_CONTEXT_WINDOW).";
    case 'rate_limit':
      return 'Wait a moment and ask again, or lower --concurrency.';
    case 'server':
    case 'timeout':
    case 'network':
    case 'malformed':
      return 'Ask again in a moment.';
    case 'internal':
      return '';
  }
}
