// Preloaded with `node --require`: loading isolated-vm fails the way it does in a host built for
// another Node ABI (desktop VS Code runs extensions on Electron's), so `auto` must fall back.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'isolated-vm') {
    throw new Error(
      "The module '/ext/node_modules/isolated-vm/out/isolated_vm.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 130.",
    );
  }
  return load.call(this, request, ...rest);
};
