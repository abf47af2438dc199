// Runs inside the desktop extension host: the extension activates on use and contributes its
// commands. (Run by test/electron/runTests.mjs; needs a desktop VS Code.)
const assert = require('node:assert/strict');
const vscode = require('vscode');

async function run() {
  const extension = vscode.extensions.all.find((e) => e.packageJSON.name === 'ask-rlm');
  assert.ok(extension, 'the Ask RLM extension is installed');
  assert.equal(extension.isActive, false, 'nothing activates at start-up');

  await vscode.commands.executeCommand('rlm.showPanel');
  assert.equal(extension.isActive, true, 'a command activates it');

  const commands = await vscode.commands.getCommands(true);
  for (const id of [
    'rlm.askWorkspace',
    'rlm.askFolder',
    'rlm.setApiKey',
    'rlm.clearApiKey',
    'rlm.cancel',
    'rlm.showPanel',
    'rlm.exportTrace',
  ]) {
    assert.ok(commands.includes(id), `${id} is registered`);
  }
  console.log('in-host checks passed');
}

module.exports = { run };
