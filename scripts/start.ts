// `npm start`: build the web app when needed, then run the server (one process, one port).
import path from 'node:path';
import { SERVER_NODE_FLAGS, serverEnvironment } from '../server/src/launch.ts';
import { buildWebIfNeeded } from './web-build.ts';

buildWebIfNeeded();
const server = path.resolve(import.meta.dirname, '../server/src/server.ts');
if (process.platform !== 'win32' && typeof process.execve === 'function') {
  // Become the server, with its Node options and memory settings: the same process id, so
  // process managers, signals and exit codes work as if the server had been started directly.
  process.execve(
    process.execPath,
    [process.execPath, ...process.execArgv, ...SERVER_NODE_FLAGS, server],
    serverEnvironment(process.env),
  );
}
await import(server);
