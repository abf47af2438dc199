// `ask_rlm`, a language-model tool (`#rlm` in the chat): Copilot's agent mode, any chat
// participant or extension hands a whole-codebase question to the RLM. A confirmation first
// (the run spends model calls), progress in the status bar while it runs, cancellation through
// the token, and a result with the answer and its citations. Same models, settings and run
// history as every other surface (services.runs).
import { isAbsolute, join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { chooseModels } from './models/chooseModels.js';
import { TraceNodes } from './runs/traceNodes.js';
import type { Services } from './services.js';
import { lmToolBusyText, lmToolFailureText, lmToolResultText } from './lmToolText.js';
import { truncate } from './runs/questionText.js';
import { folderInRoot, resolveWorkspacePath, type MountedRoot } from './workspacePaths.js';
import { folderLabel, folderRoot, workspaceRoots } from './workspaceRoots.js';

export const LM_TOOL_NAME = 'ask_rlm';

export interface AskRlmInput {
  question: string;
  /** A folder to scope the question to: workspace-relative ("src/engine") or absolute. */
  folder?: string;
}

export function registerLmTool(services: Services): vscode.Disposable {
  return vscode.lm.registerTool<AskRlmInput>(LM_TOOL_NAME, {
    prepareInvocation: ({ input }) => {
      const where = input.folder ? `the folder ${input.folder}` : 'the workspace';
      return {
        invocationMessage: `Asking RLM about ${where}: ${input.question}`,
        confirmationMessages: {
          title: 'Ask RLM',
          message: new vscode.MarkdownString(
            `Explore ${where} with a Recursive Language Model to answer:\n\n> ${input.question.replace(/\n/g, '\n> ')}\n\nThis runs several model calls with the models set for Ask RLM (\`rlm.modelProvider\`).`,
          ),
        },
      };
    },
    invoke: ({ input }, token) => invoke(services, input, token),
  });
}

async function invoke(services: Services, input: AskRlmInput, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
  const question = input.question?.trim();
  if (!question) throw new Error('ask_rlm needs a question, e.g. {"question": "Where is the configuration loaded?"}.');
  const allRoots = workspaceRoots();
  if (allRoots.length === 0) throw new Error('Ask RLM needs a folder on disk: no workspace folder is open.');
  const folder = input.folder ? findFolder(input.folder, allRoots) : undefined;
  if (input.folder && !folder)
    throw new Error(
      `No folder "${input.folder}" in the workspace; give a path relative to a workspace folder (e.g. "src/engine") or leave folder out.`,
    );

  const settings = services.settings();
  // A NoModelError's message says what to configure; the calling model relays it.
  const models = await chooseModels(settings, services.context.secrets);
  const roots = folder ? [folderRoot(folder)] : allRoots;
  const scope = folder ? folderLabel(vscode.Uri.file(folder)) : undefined;
  // Refused as the chat refuses it, checked right before the run starts (no await between).
  const running = services.runs.activeRuns()[0];
  if (running) return textResult(lmToolBusyText(truncate(running.run.question, 60)));
  const nodes = new TraceNodes();
  const record = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Ask RLM' }, (progress) =>
    services.runs.run({
      question,
      roots,
      ...(scope !== undefined ? { scope } : {}),
      settings,
      models,
      token,
      onTrace: (event) => {
        nodes.apply(event);
        if (event.type === 'start' && event.node.kind === 'turn')
          progress.report({ message: `${event.node.depth > 0 ? `[depth ${event.node.depth}] ` : ''}${event.node.label}` });
      },
    }),
  );
  // Thrown, as VS Code asks of a tool that failed: the calling model reads the message and tells the user what to do.
  if (record.status === 'failed') throw new Error(lmToolFailureText(record));
  return textResult(lmToolResultText(record, nodes.refs()));
}

const textResult = (text: string) => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);

/** The folder on disk, only inside a workspace folder: the tool never mounts anything beyond the workspace. */
function findFolder(folder: string, roots: readonly MountedRoot[]): string | undefined {
  const candidates = isAbsolute(folder) ? [folder] : [resolveWorkspacePath(folder, roots), ...roots.map((r) => join(r.path, folder))];
  return candidates.find(
    (c): c is string =>
      c !== undefined && roots.some((r) => folderInRoot(c, r.path) !== undefined) && existsSync(c) && statSync(c).isDirectory(),
  );
}
