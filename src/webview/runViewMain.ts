// Entry of the editor view's bundle (dist/runView.js): "Open in editor" shows one run with its
// call tree beside a timeline. Builds into #app (or <body>) and sends the ready handshake.
import { RunView } from './runView.js';
import { connectHost } from './vscodeApi.js';

const root = document.getElementById('app') ?? document.body;
new RunView(root, connectHost<unknown>(window)).start();
