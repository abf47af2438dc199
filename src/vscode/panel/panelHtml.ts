// The side panel's HTML shell: strict CSP (nothing but our own stylesheet, fonts and the one
// nonce'd script bundle), theme classes come from VS Code itself. No vscode import.
import { randomBytes } from 'node:crypto';

export interface PanelAssets {
  /** webview.cspSource */
  cspSource: string;
  script: string;
  styles: readonly string[];
}

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function panelHtml(assets: PanelAssets, nonce = newNonce()): string {
  const csp = [
    `default-src 'none'`,
    `style-src ${assets.cspSource}`,
    `font-src ${assets.cspSource}`,
    `img-src ${assets.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const links = assets.styles.map((href) => `  <link rel="stylesheet" href="${escapeAttr(href)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${links}
  <title>Ask RLM</title>
</head>
<body>
  <div id="app"></div>
  <script nonce="${nonce}" src="${escapeAttr(assets.script)}"></script>
</body>
</html>`;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
