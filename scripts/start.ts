// `npm start`: build the web app when needed, then run the server (one process, one port).
import { buildWebIfNeeded } from './web-build.ts';

buildWebIfNeeded();
await import('../server/src/server.ts');
