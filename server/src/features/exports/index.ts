/** The exports feature's face: what other features may use. */

export { type ExportDocument, ExportSchema } from './export.schemas.ts';
export { ExportsRepository } from './exports.repository.ts';
export { exportsRoutes } from './exports.routes.ts';
export { ExportsService } from './exports.service.ts';
