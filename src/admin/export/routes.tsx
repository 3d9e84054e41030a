import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireUser } from '../../accounts/session.ts';
import { recordAudit } from '../../audit/log.ts';
import { AreaNav } from '../../web/area-nav.tsx';
import { notFound } from '../../web/http-error.ts';
import { Layout } from '../../web/layout.tsx';
import { parseId } from '../../web/query-params.ts';
import { auditExport, directoryExport, exportStream, rosterExport, type ExportFormat, type ExportTable } from './exports.ts';

/** `/admin/export`: the directory, the audit log and associations' rosters as CSV and JSON (admins). */

const FORMATS: readonly ExportFormat[] = ['csv', 'json'];
const CONTENT_TYPE: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };

function ExportPage({ associations }: { associations: { id: number; name: string }[] }): JSX.Element {
  const links = (base: string) => (
    <>
      <a href={`${base}.csv`}>CSV</a> · <a href={`${base}.json`}>JSON</a>
    </>
  );
  return (
    <Layout title="Export" section="account" noindex>
      <AreaNav area="admin" current="export" />
      <h1>Export</h1>
      <p>CSV opens in a spreadsheet: a cell that would run as a formula starts with an apostrophe, so it shows as the text it is. JSON keeps the text exactly.</p>
      <ul class="export-list">
        <li>Listed mediators: {links('/admin/export/directory')}</li>
        <li>The audit log: {links('/admin/export/audit-log')}</li>
        {associations.map((a) => (
          <li>
            <span safe>{`The roster of ${a.name}`}</span>: {links(`/admin/export/associations/${a.id}/roster`)}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export async function exportPages(app: FastifyInstance): Promise<void> {
  const { db, config, now } = app.deps;
  const admin = requireUser('admin');

  /** The download, after its audit entry: who took which data away is worth knowing. */
  async function send(request: FastifyRequest, reply: FastifyReply, table: ExportTable, format: ExportFormat) {
    const file = `concord-${table.name}-${now().toISOString().slice(0, 10)}.${format}`;
    await recordAudit(db, { actor: request.user!, action: 'export.downloaded', subject: { kind: 'export', id: null, label: file } }, now());
    return reply.header('content-type', CONTENT_TYPE[format]).header('content-disposition', `attachment; filename="${file}"`).header('cache-control', 'no-store').send(exportStream(table, format));
  }

  app.get('/admin/export', { preHandler: admin }, async (_request, reply) => {
    const associations = await db.selectFrom('associations').select(['id', 'name']).orderBy('name').execute();
    return reply.html(<ExportPage associations={associations} />);
  });

  for (const format of FORMATS) {
    app.get(`/admin/export/directory.${format}`, { preHandler: admin }, (request, reply) => send(request, reply, directoryExport(db, config.publicUrl), format));
    app.get(`/admin/export/audit-log.${format}`, { preHandler: admin }, (request, reply) => send(request, reply, auditExport(db), format));
    app.get<{ Params: { id: string } }>(`/admin/export/associations/:id/roster.${format}`, { preHandler: admin }, async (request, reply) => {
      const id = parseId(request.params.id);
      const table = id === null ? null : await rosterExport(db, id, config.publicUrl);
      if (!table) throw notFound('There is no such association.');
      return send(request, reply, table, format);
    });
  }
}
