/** The imports feature's face: what other features may use. */
export { ImportFileChecker, ParsedFiles } from './import-file.ts';
export { ImportRunner } from './import-runner.ts';
export { ImportsRepository } from './imports.repository.ts';
export { importsRoutes } from './imports.routes.ts';
export { ImportsService } from './imports.service.ts';
