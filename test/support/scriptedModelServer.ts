// A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: the openai SDK talks to it over
// HTTP, so retries, timeouts, streaming and faults are exercised end to end. Each chat
// completion plays whatever the test's policy returns for it.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ServedMessage {
  role: string;
  content: string;
}

export interface ServedRequest {
  model: string;
  messages: ServedMessage[];
  stream: boolean;
  /** The whole JSON body, for assertions on max_tokens, stream_options, … */
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface PolicyContext {
  /** 0 for the first chat completion this server received. */
  callIndex: number;
  /** Requests in flight now, this one included. */
  inFlight: number;
}

export type Reply =
  | {
      kind: 'text';
      text: string;
      /** Overrides the estimated usage; null sends none. */
      usage?: { inputTokens: number; outputTokens: number } | null;
      /** Before the response headers. */
      delayMs?: number;
      /** Between streamed chunks (a slow stream). */
      chunkDelayMs?: number;
      finishReason?: string;
      model?: string;
      /** Streamed before the text in its own field, as reasoning servers do. */
      reasoning?: string;
      /** vLLM / SGLang / DeepSeek use `reasoning_content` (the default), Ollama and OpenRouter `reasoning`. */
      reasoningField?: 'reasoning_content' | 'reasoning';
      /** Streamed after the text as `delta.tool_calls`, arguments in pieces; finish reason "tool_calls" unless set. */
      toolCalls?: Array<{ name: string; arguments: string }>;
    }
  | { kind: 'error'; status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  /** Destroys the socket: at once, or after streaming `partialText`. */
  | { kind: 'drop'; partialText?: string; delayMs?: number }
  /** Invalid JSON in an SSE event (streaming) or as the body (non-streaming). */
  | { kind: 'malformed' }
  /** A 200 event stream that ends without a single event. */
  | { kind: 'empty' }
  /** Anything else, verbatim. */
  | { kind: 'raw'; status?: number; contentType?: string; body: string };

export type Policy = (request: ServedRequest, ctx: PolicyContext) => Reply | string | Promise<Reply | string>;

export interface ScriptedModelServer {
  /** Ends with /v1, ready for the SDK's baseURL. */
  readonly baseURL: string;
  /** Every chat completion request, in arrival order. */
  readonly requests: ServedRequest[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** GET /v1/models requests answered. */
  readonly listings: number;
  close(): Promise<void>;
}

/** An entry of GET /v1/models: an id, or a whole entry with a server's own fields (vLLM's `max_model_len`, …). */
export type ListedModel = string | ({ id: string } & Record<string, unknown>);

export interface ScriptedServerOptions {
  /** Default one entry, "scripted-model". */
  models?: ListedModel[];
  /** How GET /v1/models answers instead (an error, a dropped connection), or a delay before the list (a server slow to list). */
  listing?: Reply | { kind: 'delay'; delayMs: number };
}

export const text = (value: string, extra: Omit<Extract<Reply, { kind: 'text' }>, 'kind' | 'text'> = {}): Reply => ({
  kind: 'text',
  text: value,
  ...extra,
});
export const httpError = (status: number, message: string, headers?: Record<string, string>): Reply => ({
  kind: 'error',
  status,
  headers,
  body: { error: { message, type: 'scripted_error', code: null } },
});

export async function startScriptedModelServer(policy: Policy, options: ScriptedServerOptions = {}): Promise<ScriptedModelServer> {
  const requests: ServedRequest[] = [];
  let listings = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let counted = true;
    const done = () => {
      if (counted) inFlight--;
      counted = false;
    };
    res.on('close', done);
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `scripted server: ${String(error)}` } });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '';
    if (req.method === 'GET' && url === '/v1/models') {
      listings++;
      const listing = options.listing;
      if (listing?.kind === 'delay') await sleep(listing.delayMs, res);
      else if (listing) return play(listing, { model: '', messages: [], stream: false, body: {}, headers: req.headers }, res);
      const data = (options.models ?? ['scripted-model']).map((entry) => ({
        object: 'model',
        created: 0,
        owned_by: 'scripted',
        ...(typeof entry === 'string' ? { id: entry } : entry),
      }));
      return sendJson(res, 200, { object: 'list', data });
    }
    if (req.method !== 'POST' || url !== '/v1/chat/completions') {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${url}` } });
    }
    const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
    const request: ServedRequest = {
      model: String(body.model),
      messages: Array.isArray(body.messages) ? (body.messages as ServedMessage[]) : [],
      stream: body.stream === true,
      body,
      headers: req.headers,
    };
    const callIndex = requests.length;
    requests.push(request);
    const reply = await policy(request, { callIndex, inFlight });
    await play(typeof reply === 'string' ? text(reply) : reply, request, res);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get listings() {
      return listings;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Open streams and keep-alive sockets would otherwise hold close() forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function play(reply: Reply, request: ServedRequest, res: ServerResponse): Promise<void> {
  if ('delayMs' in reply && reply.delayMs) await sleep(reply.delayMs, res);
  switch (reply.kind) {
    case 'error':
      return sendJson(res, reply.status, reply.body ?? { error: { message: `status ${reply.status}` } }, reply.headers);
    case 'raw':
      res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json' });
      res.end(reply.body);
      return;
    case 'malformed':
      if (!request.stream) return sendRaw(res, 'application/json', '{"choices": [ {"message": ');
      startStream(res);
      res.end('data: {"choices": [ {"delta": \n\n');
      return;
    case 'empty':
      if (!request.stream) return sendRaw(res, 'application/json', '');
      startStream(res);
      res.end();
      return;
    case 'drop':
      if (reply.partialText !== undefined) {
        startStream(res);
        res.write(sse(chunk(request.model, { role: 'assistant', content: reply.partialText }, null)));
        // Let the chunk reach the client before the connection dies.
        await sleep(20, res);
      }
      res.socket?.destroy();
      return;
    case 'text':
      return playText(reply, request, res);
  }
}

async function playText(reply: Extract<Reply, { kind: 'text' }>, request: ServedRequest, res: ServerResponse): Promise<void> {
  const model = reply.model ?? request.model;
  const finish = reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
  const usage = reply.usage === null ? undefined : (reply.usage ?? estimateUsage(request, reply.text));
  const usageJson = usage && {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  if (!request.stream) {
    return sendJson(res, 200, {
      id: 'chatcmpl-scripted',
      object: 'chat.completion',
      created: 0,
      model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: reply.text,
            ...(reply.reasoning ? { [reply.reasoningField ?? 'reasoning_content']: reply.reasoning } : {}),
          },
          finish_reason: finish,
        },
      ],
      ...(usageJson && { usage: usageJson }),
    });
  }
  startStream(res);
  const deltas: Array<Record<string, unknown>> = [];
  for (const piece of words(reply.reasoning ?? '')) deltas.push({ [reply.reasoningField ?? 'reasoning_content']: piece });
  for (const piece of words(reply.text)) deltas.push({ content: piece });
  for (const [index, call] of (reply.toolCalls ?? []).entries()) {
    deltas.push({ tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name: call.name, arguments: '' } }] });
    for (const piece of call.arguments.match(/[\s\S]{1,16}/g) ?? [])
      deltas.push({ tool_calls: [{ index, function: { arguments: piece } }] });
  }
  // The first chunk carries the role, as OpenAI's do.
  deltas[0] = { role: 'assistant', ...(deltas[0] ?? { content: '' }) };
  for (const [i, delta] of deltas.entries()) {
    if (i > 0 && reply.chunkDelayMs) await sleep(reply.chunkDelayMs, res);
    if (res.destroyed) return;
    res.write(sse(chunk(model, delta, null)));
  }
  res.write(sse(chunk(model, {}, finish)));
  const options = request.body.stream_options as { include_usage?: boolean } | undefined;
  // Like OpenAI: the usage chunk (with empty choices) only when the client asked for it.
  if (usageJson && options?.include_usage) res.write(sse({ ...chunk(model, {}, null), choices: [], usage: usageJson }));
  res.end('data: [DONE]\n\n');
}

const words = (value: string): string[] => value.match(/\s*\S+\s*/g) ?? (value ? [value] : []);

function chunk(model: string, delta: Record<string, unknown>, finishReason: string | null) {
  return {
    id: 'chatcmpl-scripted',
    object: 'chat.completion.chunk',
    created: 0,
    model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

function estimateUsage(request: ServedRequest, reply: string) {
  const input = request.messages.reduce((n, m) => n + String(m.content).length, 0);
  return { inputTokens: Math.ceil(input / 4), outputTokens: Math.ceil(reply.length / 4) };
}

const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

function startStream(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendRaw(res, 'application/json', JSON.stringify(body), status, headers);
}

function sendRaw(res: ServerResponse, contentType: string, body: string, status = 200, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, ...headers });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Waits, but stops early when the client goes away, so slow replies never outlive their caller. */
function sleep(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      res.off('close', finish);
      resolve();
    }
    res.on('close', finish);
  });
}
