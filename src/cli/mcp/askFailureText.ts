// A failed `ask` as the MCP tool's error: what failed, then what the *user* must change. The
// agent that called the tool cannot fix a key or a model: those are the arguments and
// environment of this server's entry in the MCP client's configuration (the same flags as
// `rlm ask`, worded by cli/failureText.ts). With no model of its own the server asked the
// client's model (sampling), so the fix is there.
import { sentence } from '../../common/editorFailure.js';
import type { RunFailure } from '../../protocol/messages.js';
import { cliFailureText } from '../failureText.js';

const AGAIN = 'Calling ask again in a moment may work.';
const RESTART =
  "These are arguments or environment variables of this server's entry in the MCP client's configuration: only the user can change them, and the server must restart. Calling ask again fails until then.";
const SAMPLING_FIX =
  "Only the user can fix this: allow the client's sampling requests, or give this server a model of its own in the MCP client's configuration (--model NAME and --base-url URL, or RLM_MODEL and OPENAI_BASE_URL, with the key in OPENAI_API_KEY).";

export function askFailureText(failure: RunFailure | undefined, reason: string | undefined): string {
  if (!failure) return `The RLM run failed: ${sentence(reason ?? 'unknown error')}`;
  if (failure.baseUrl === undefined && failure.kind !== 'internal')
    return `The RLM run failed: the client's model (MCP sampling) did not answer: ${sentence(failure.message)} ${transient(failure) ? AGAIN : SAMPLING_FIX}`;
  return `The RLM run failed: ${cliFailureText(failure)} ${transient(failure) ? AGAIN : RESTART}`;
}

/** Failures that another call may not meet; the rest need a change of configuration. */
function transient(failure: RunFailure): boolean {
  return ['rate_limit', 'server', 'timeout', 'network', 'malformed', 'internal'].includes(failure.kind);
}
