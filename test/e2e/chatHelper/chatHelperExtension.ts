// A test-only extension that makes code-server's chat usable offline. Stock code-server has no
// default chat agent, so the chat view sends nothing and `@participant` messages never reach a
// participant. This helper, started with `--enable-proposed-api rlm-e2e.chat-helper`, contributes
// (VS Code 1.100 proposals) a default chat participant (`defaultChatParticipant`) and a fake chat
// model (`chatProvider`: the `languageModels` contribution plus `vscode.lm.registerChatModelProvider`),
// so `@rlm …` reaches the real extension's participant. Written to a temp folder and packed as a VSIX.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packVsix } from '../vsix';

export const chatHelper = {
  id: 'rlm-e2e.chat-helper',
  /** The default participant's reply to anything not addressed to another participant. */
  defaultReply: 'E2E default agent: address a participant, e.g. @rlm.',
  modelVendor: 'rlm-e2e',
  modelName: 'E2E Fake Model',
  /**
   * What the fake chat model answers to any request: a REPL block that ends the run, so an RLM
   * whose root model is the chat's model (rlm.modelProvider "auto") answers with this text.
   */
  modelAnswer: 'answered by the chat model (E2E Fake Model)',
  /**
   * Palette command that calls a language-model tool as an agent would (`vscode.lm.invokeTool`,
   * outside a chat request): the tool's name and input come from RLM_E2E_TOOL_INPUT
   * (`{name, input}` as JSON); what happened goes to the file RLM_E2E_TOOL_RESULT names.
   */
  invokeToolCommand: 'rlmE2e.invokeTool',
  invokeToolTitle: 'RLM E2E: Invoke Language Model Tool',
};

/** What the invoke-tool command writes: the tool as `vscode.lm.tools` lists it, and its result or error. */
export interface ToolInvocationRecord {
  tool?: { name: string; description: string; inputSchema: unknown; tags: string[] };
  text?: string[];
  error?: string;
}

const packageJson = {
  name: 'chat-helper',
  publisher: 'rlm-e2e',
  displayName: 'RLM E2E Chat Helper',
  description: 'Test-only: a default chat agent and a fake chat model for code-server.',
  version: '0.0.1',
  engines: { vscode: '^1.100.0' },
  main: './extension.js',
  // Registered at start-up so the chat view has its default agent and model before the test types.
  activationEvents: ['onStartupFinished'],
  enabledApiProposals: ['defaultChatParticipant', 'chatProvider', 'chatParticipantPrivate', 'chatParticipantAdditions'],
  contributes: {
    chatParticipants: [
      {
        id: 'rlmE2e.default',
        name: 'e2e',
        fullName: 'E2E Default Agent',
        description: 'Test-only default chat agent',
        isDefault: true,
        locations: ['panel'],
        modes: ['ask', 'edit', 'agent'],
      },
    ],
    languageModels: [{ vendor: chatHelper.modelVendor }],
    commands: [{ command: chatHelper.invokeToolCommand, title: chatHelper.invokeToolTitle }],
  },
};

const extensionJs = `
const vscode = require('vscode');
const helper = ${JSON.stringify(chatHelper)};
exports.activate = (context) => {
  const log = vscode.window.createOutputChannel('RLM E2E Chat Helper', { log: true });
  context.subscriptions.push(log);
  const agent = vscode.chat.createChatParticipant('rlmE2e.default', (request, _context, stream) => {
    log.info('default agent got: ' + request.prompt);
    stream.markdown(helper.defaultReply);
    return {};
  });
  context.subscriptions.push(agent);
  // Never awaited here: activate must not wait on vscode.lm (ENVIRONMENT.md).
  context.subscriptions.push(
    vscode.lm.registerChatModelProvider('e2e-fake', {
      async provideLanguageModelResponse(messages, _options, extensionId, progress) {
        log.info('fake model request from ' + extensionId + ' (' + messages.length + ' messages)');
        const fence = '\\x60\\x60\\x60';
        const reply = fence + 'js\\nFINAL(' + JSON.stringify(helper.modelAnswer) + ')\\n' + fence;
        progress.report({ index: 0, part: new vscode.LanguageModelTextPart(reply) });
      },
      async provideTokenCount(text) {
        return Math.ceil((typeof text === 'string' ? text.length : JSON.stringify(text).length) / 4);
      },
    }, {
      vendor: helper.modelVendor,
      name: helper.modelName,
      family: 'e2e-fake',
      version: '1',
      maxInputTokens: 100000,
      maxOutputTokens: 4000,
      isDefault: true,
      isUserSelectable: true,
    }),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand(helper.invokeToolCommand, async () => {
      const { name, input } = JSON.parse(process.env.RLM_E2E_TOOL_INPUT || '{}');
      const info = vscode.lm.tools.find((t) => t.name === name);
      const record = info ? { tool: { name: info.name, description: info.description, inputSchema: info.inputSchema, tags: [...info.tags] } } : {};
      try {
        const source = new vscode.CancellationTokenSource();
        const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, source.token);
        record.text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '[not text]'));
      } catch (error) {
        record.error = String((error && error.message) || error);
      }
      require('fs').writeFileSync(process.env.RLM_E2E_TOOL_RESULT, JSON.stringify(record));
      log.info('invoked tool ' + name);
    }),
  );
  log.info('chat helper activated');
};
exports.deactivate = () => {};
`;

/** Writes the helper into `dir`/chat-helper and packs it as `dir`/chat-helper.vsix. */
export function buildChatHelperVsix(dir: string): string {
  const src = join(dir, 'chat-helper');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'package.json'), JSON.stringify(packageJson, null, 2));
  writeFileSync(join(src, 'extension.js'), extensionJs);
  return packVsix(src, join(dir, 'chat-helper.vsix'));
}
