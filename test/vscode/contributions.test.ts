import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS_FILTER } from '../../src/vscode/settings.js';

interface Manifest {
  name: string;
  publisher: string;
  main: string;
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string }>;
    menus: Record<string, Array<{ command: string; when?: string }>>;
    views: Record<string, Array<{ id: string; type: string }>>;
    viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
    chatParticipants: Array<{ id: string; name: string; description: string; commands: Array<{ name: string }> }>;
  };
}
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const { contributes } = manifest;

describe('package.json contributions', () => {
  it('opens the Settings editor on this extension’s settings only', () => {
    expect(SETTINGS_FILTER).toBe(`@ext:${manifest.publisher}.${manifest.name}`);
    for (const file of ['src/vscode/askInEditor.ts', 'src/vscode/chat/chatParticipant.ts'])
      expect(readFileSync(file, 'utf8'), file).not.toContain("'rlm.'");
  });

  it('declares every command the extension registers, each with a title', () => {
    const commands = contributes.commands.map((c) => c.command);
    expect(commands).toEqual([
      'rlm.askWorkspace',
      'rlm.askFolder',
      'rlm.setApiKey',
      'rlm.clearApiKey',
      'rlm.cancel',
      'rlm.showPanel',
      'rlm.exportTrace',
      'rlm.openInEditor',
    ]);
    for (const c of contributes.commands) expect(c.title).toBeTruthy();
    const registered =
      readFileSync('src/vscode/commands.ts', 'utf8') +
      readFileSync('src/vscode/panel/panelProvider.ts', 'utf8') +
      readFileSync('src/vscode/editorView/runEditor.ts', 'utf8');
    for (const command of commands) expect(registered, command).toContain(`'${command}'`);
  });

  it('offers the folder action on folders in the explorer only, not in the palette', () => {
    expect(contributes.menus['explorer/context']).toContainEqual(
      expect.objectContaining({ command: 'rlm.askFolder', when: 'explorerResourceIsFolder' }),
    );
    expect(contributes.menus.commandPalette).toContainEqual({ command: 'rlm.askFolder', when: 'false' });
  });

  it('has the panel view, the @rlm participant with /folder, and activates on use only', () => {
    expect(contributes.viewsContainers.activitybar[0]).toMatchObject({ id: 'rlm', icon: 'media/rlm.svg' });
    expect(contributes.views.rlm).toEqual([expect.objectContaining({ id: 'rlm.panel', type: 'webview' })]);
    expect(contributes.chatParticipants[0]).toMatchObject({
      id: 'rlm.chat',
      name: 'rlm',
      commands: [expect.objectContaining({ name: 'folder' })],
    });
    expect(contributes.chatParticipants[0].description).toBeTruthy();
    expect(manifest.activationEvents.filter((e) => e === '*' || e.startsWith('onStartup'))).toEqual([]);
    expect(manifest.main).toBe('./dist/extension.js');
  });
});
