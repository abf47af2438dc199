// Preloaded into the isolate processes with `--expose-gc --require` (NODE_OPTIONS): the host
// collects garbage every few milliseconds, so a promise dropped unsettled is collected at once
// (isolated-vm then rejects its guest side: "Promise was abandoned"), not only now and then under load.
if (typeof gc === 'function' && process.send) setInterval(() => gc(), 5).unref();
