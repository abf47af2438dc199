// `@rlm` in the chat: the model picked in the chat answers as the root model. Streams a progress
// line per step, references to the files the run read, the answer with linked citations, a
// "Show call tree" button and follow-ups. A follow-up in the same chat continues the previous
// run's conversation: its REPL variables and its answer (a new chat is a new conversation);
// cancelling the chat request cancels the run. While another question runs, it is refused, as in
// the panel, with a button that cancels the running one.
import { isAbsolute, join } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { truncate } from '../runs/questionText.js';
import { chooseModels, NoModelError } from '../models/chooseModels.js';
import { TraceNodes } from '../runs/traceNodes.js';
import { RunTally } from '../../common/runTotals.js';
import type { Services } from '../services.js';
import { SETTINGS_FILTER } from '../settings.js';
import { resolveWorkspacePath, type MountedRoot } from '../workspacePaths.js';
import { folderLabel, folderRoot, workspaceRoots } from '../workspaceRoots.js';
import { busyNote, CANCEL_RUNNING, chatFailure, outcomeNote } from './chatOutcome.js';
import { linkCitations, previousExchange, splitFolderPrompt, type RlmChatMetadata } from './chatFormat.js';

const MAX_REFERENCES = 30;

interface RlmChatResult extends vscode.ChatResult {
  metadata?: RlmChatMetadata;
}

export function registerChatParticipant(services: Services): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant('rlm.chat', (request, context, stream, token) =>
    handle(services, request, context, stream, token),
  );
  participant.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'rlm.svg');
  participant.followupProvider = {
    provideFollowups: (result: RlmChatResult) =>
      result.metadata?.answer
        ? [
            { prompt: 'Show the code behind this answer, with file and line for each part.', label: 'Show the code behind this' },
            { prompt: 'What tests cover this, and what is not covered?', label: 'How is this tested?' },
          ]
        : [],
  };
  return participant;
}

async function handle(
  services: Services,
  request: vscode.ChatRequest,
  context: vscode.ChatContext,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<RlmChatResult> {
  const allRoots = workspaceRoots();
  if (allRoots.length === 0) {
    stream.markdown('Open a folder first: `@rlm` answers questions about the code in the workspace.');
    return {};
  }
  let roots = allRoots;
  let question = request.prompt.trim();
  let scope: string | undefined;
  if (request.command === 'folder') {
    const picked = folderFromRequest(request, allRoots);
    if (!picked) {
      stream.markdown('Say which folder: `/folder src/engine Where are retries handled?`, or attach the folder.');
      return {};
    }
    roots = [folderRoot(picked.path)];
    question = picked.question;
    scope = folderLabel(vscode.Uri.file(picked.path));
  }
  if (!question) {
    stream.markdown('Ask a question about the code, e.g. `@rlm Where is the configuration loaded?`');
    return {};
  }

  let models;
  try {
    models = await chooseModels(services.settings(), services.context.secrets, request.model);
  } catch (error) {
    if (!(error instanceof NoModelError)) throw error;
    stream.markdown(error.message);
    if (error.needsKey) stream.button({ command: 'rlm.setApiKey', title: 'Set API Key' });
    stream.button({
      command: 'workbench.action.openSettings',
      arguments: [error.setting ?? SETTINGS_FILTER],
      title: error.setting ? `Open ${error.setting}` : 'Open Settings',
    });
    return { errorDetails: { message: error.message } };
  }

  // Checked right before the run starts (no await between), so two requests cannot both pass.
  const running = services.runs.activeRuns()[0];
  if (running) {
    stream.markdown(busyNote(truncate(running.run.question, 60)));
    stream.button(CANCEL_RUNNING);
    return {};
  }

  const nodes = new TraceNodes();
  const tally = new RunTally();
  const previous = previousExchange(context.history);
  stream.progress(
    previous ? 'Following up, with what the previous answer found…' : scope ? `Exploring ${scope}…` : 'Exploring the workspace…',
  );
  const record = await services.runs.run({
    question,
    roots,
    ...(scope !== undefined ? { scope } : {}),
    settings: services.settings(),
    models,
    token,
    ...(previous ? { previous } : {}),
    onTrace: (event) => {
      nodes.apply(event);
      tally.add(event);
      if (event.type === 'start' && (event.node.kind === 'turn' || event.node.kind === 'rlm') && !token.isCancellationRequested) {
        const indent = event.node.depth > 0 ? `[depth ${event.node.depth}] ` : '';
        stream.progress(`${indent}${event.node.label} · ${tally.calls} calls · ${tally.describe()}`);
      }
    },
  });

  for (const ref of nodes.refs().slice(0, MAX_REFERENCES)) {
    const file = resolveWorkspacePath(ref.path, roots);
    if (file)
      stream.reference(
        new vscode.Location(vscode.Uri.file(file), new vscode.Range(Math.max(0, ref.startLine - 1), 0, Math.max(0, ref.endLine - 1), 0)),
      );
  }
  const fileUrl = (path: string, line: number) => {
    const file = resolveWorkspacePath(path, roots);
    return file ? `${vscode.Uri.file(file).toString()}#L${line}` : undefined;
  };
  if (record.answer) stream.markdown(linkCitations(record.answer, fileUrl, record.citations));
  if (record.findings) stream.markdown(`\n\n${linkCitations(record.findings, fileUrl)}`);
  const note = outcomeNote(record);
  // A reason may quote model text: the answer policy applies to it as well.
  if (note) stream.markdown(linkCitations(record.answer ? `\n\n${note}` : note, () => undefined));
  const failed = record.status === 'failed' ? chatFailure(record) : undefined;
  const fix = failed?.button;
  if (fix?.kind === 'set-api-key') stream.button({ command: 'rlm.setApiKey', title: fix.label });
  if (fix?.kind === 'open-setting') stream.button({ command: 'workbench.action.openSettings', arguments: [fix.setting], title: fix.label });
  stream.button({ command: 'rlm.showPanel', arguments: [record.id], title: 'Show call tree' });
  return {
    // A failed run has no answer to follow up on.
    metadata: { runId: record.id, question, answer: failed ? '' : record.answer },
    ...(failed ? { errorDetails: { message: failed.message } } : {}),
  };
}

/** The folder of a /folder request: an attached folder, else the first word of the prompt. */
function folderFromRequest(request: vscode.ChatRequest, roots: MountedRoot[]): { path: string; question: string } | undefined {
  for (const ref of request.references) {
    const uri = ref.value instanceof vscode.Uri ? ref.value : undefined;
    if (uri?.scheme === 'file' && isDirectory(uri.fsPath)) {
      const prompt = ref.range ? request.prompt.slice(0, ref.range[0]) + request.prompt.slice(ref.range[1]) : request.prompt;
      return { path: uri.fsPath, question: prompt.trim() };
    }
  }
  const { folder, question } = splitFolderPrompt(request.prompt);
  if (!folder) return undefined;
  const candidates = isAbsolute(folder) ? [folder] : [resolveWorkspacePath(folder, roots), ...roots.map((r) => join(r.path, folder))];
  const path = candidates.find((c): c is string => c !== undefined && isDirectory(c));
  return path ? { path, question } : undefined;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
