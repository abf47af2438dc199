// Entry of the webview bundle (dist/webview.js): builds the panel into #root (or <body>),
// connects it to the host and sends the ready handshake.
import { Panel, type PanelState } from './panel.js';
import { connectHost } from './vscodeApi.js';

const root = document.getElementById('root') ?? document.body;
new Panel(root, connectHost<PanelState>(window)).start();
