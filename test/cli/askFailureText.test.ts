// The MCP `ask` tool's error for a failed run: what failed, then what the user must change in
// the MCP client's configuration (or, on the client's own model, in the client).
import { describe, expect, it } from 'vitest';
import { askFailureText } from '../../src/cli/mcp/askFailureText.js';

describe('askFailureText', () => {
  it('a missing key: the flag and variable of the launch configuration, which only the user can change', () => {
    const text = askFailureText(
      {
        kind: 'auth',
        message: 'http://h/v1 needs an API key and none was set (401): Incorrect API key provided.',
        status: 401,
        baseUrl: 'http://h/v1',
        keySent: false,
      },
      'the model failed: http://h/v1 needs an API key and none was set (401): Incorrect API key provided.',
    );
    expect(text).toBe(
      'The RLM run failed: http://h/v1 needs an API key and none was set (401): Incorrect API key provided. Give the key with --api-key KEY (or OPENAI_API_KEY). ' +
        "These are arguments or environment variables of this server's entry in the MCP client's configuration: only the user can change them, and the server must restart. Calling ask again fails until then.",
    );
    expect(text.match(/Incorrect API key provided/g)).toHaveLength(1);
    expect(text).not.toMatch(/rlm\.baseUrl|Set API Key|\.\./);
  });

  it('a passing failure says that calling again may work', () => {
    expect(
      askFailureText({ kind: 'server', message: 'http://h/v1 failed (500): boom', status: 500, baseUrl: 'http://h/v1' }, undefined),
    ).toBe('The RLM run failed: http://h/v1 failed (500): boom. Ask again in a moment. Calling ask again in a moment may work.');
  });

  it("the client's model (sampling) failing: the fix is in the client, or a model for this server", () => {
    const text = askFailureText(
      { kind: 'bad_request', message: "the client's sampling request failed: User rejected the request" },
      undefined,
    );
    expect(text).toMatch(
      /^The RLM run failed: the client's model \(MCP sampling\) did not answer: the client's sampling request failed: User rejected the request\. Only the user can fix this: allow the client's sampling requests, or give this server a model of its own/,
    );
    expect(text).not.toContain('Check --model and --base-url');
  });

  it('an untyped failure keeps its reason', () => {
    expect(askFailureText(undefined, 'the workspace could not be opened')).toBe('The RLM run failed: the workspace could not be opened.');
  });
});
