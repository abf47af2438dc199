// A throwaway extension that proves the end-to-end machinery without the real extension: one
// command asks for a name in an input box, writes it into the workspace and shows a message;
// another opens a webview panel. Written to a temp folder and packed as a VSIX.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packVsix } from './vsix';

export const smokeExtension = {
  id: 'rlm-e2e.smoke',
  helloCommand: 'E2E Smoke: Say Hello',
  webviewCommand: 'E2E Smoke: Open Webview',
  resultFile: 'smoke-result.txt',
  webviewTitle: 'E2E Smoke Webview',
};

const packageJson = {
  name: 'smoke',
  publisher: 'rlm-e2e',
  displayName: 'RLM E2E Smoke',
  description: 'Test-only extension for the end-to-end machinery.',
  version: '0.0.1',
  engines: { vscode: '^1.100.0' },
  main: './extension.js',
  activationEvents: [],
  contributes: {
    commands: [
      { command: 'rlmE2eSmoke.hello', title: smokeExtension.helloCommand },
      { command: 'rlmE2eSmoke.webview', title: smokeExtension.webviewCommand },
    ],
  },
};

const extensionJs = `
const vscode = require('vscode');
exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('rlmE2eSmoke.hello', async () => {
      const name = await vscode.window.showInputBox({ prompt: 'Who to greet?', placeHolder: 'a name' });
      if (name === undefined) return;
      const folder = vscode.workspace.workspaceFolders[0].uri;
      const file = vscode.Uri.joinPath(folder, ${JSON.stringify(smokeExtension.resultFile)});
      await vscode.workspace.fs.writeFile(file, Buffer.from('hello ' + name + '\\n'));
      vscode.window.showInformationMessage('E2E smoke: hello ' + name);
    }),
    vscode.commands.registerCommand('rlmE2eSmoke.webview', () => {
      const panel = vscode.window.createWebviewPanel('rlmE2eSmoke', ${JSON.stringify(smokeExtension.webviewTitle)}, vscode.ViewColumn.One, { enableScripts: true });
      panel.webview.html = '<!DOCTYPE html><html><body><h1 id="greeting">Hello from the webview</h1>'
        + '<button id="ping">Ping</button><p id="reply"></p>'
        + '<script>const api = acquireVsCodeApi();'
        + 'document.getElementById("ping").addEventListener("click", () => api.postMessage("ping"));'
        + 'window.addEventListener("message", (e) => { document.getElementById("reply").textContent = e.data; });</script>'
        + '</body></html>';
      panel.webview.onDidReceiveMessage((m) => { if (m === 'ping') panel.webview.postMessage('pong from the extension host'); });
    }),
  );
};
exports.deactivate = () => {};
`;

/** Writes the extension into `dir`/smoke and packs it as `dir`/smoke.vsix. */
export function buildSmokeVsix(dir: string): string {
  const src = join(dir, 'smoke');
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'package.json'), JSON.stringify(packageJson, null, 2));
  writeFileSync(join(src, 'extension.js'), extensionJs);
  return packVsix(src, join(dir, 'smoke.vsix'));
}
