// Child-process entry for one of the suite's bundled subgraphs (see reference-subgraphs.ts).
// The bundles never exit on their own; tying them to the IPC channel means they go away with
// the harness however it ends (a normal stop, a crash, a timeout's SIGKILL).
'use strict';
const { pathToFileURL } = require('node:url');

process.on('disconnect', () => process.exit(0));
import(pathToFileURL(process.argv[2]).href).catch((error) => {
  console.error(error);
  process.exit(1);
});
