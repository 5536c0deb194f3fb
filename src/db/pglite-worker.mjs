// Hosts PGlite on its own thread so a long query never blocks the web server's event loop.
// Plain JavaScript on purpose: a worker thread does not inherit the TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const INT8 = 20;
const DATE = 1082;
const parsers = {
  [INT8]: (v) => Number(v),
  [DATE]: (v) => v,
};

// wal_level=minimal: an embedded database has no replicas or WAL archive to feed, and a bulk load into
// tables emptied in the same transaction (the demo load) then writes no WAL at all — about a third
// faster. Crash recovery is unchanged.
const startParams = [...PGlite.defaultStartParams, '-c', 'wal_level=minimal', '-c', 'max_wal_senders=0'];
const db = new PGlite(workerData.dataDir ?? undefined, { parsers, relaxedDurability: false, startParams });
const ready = db.waitReady;

parentPort.on('message', async (msg) => {
  try {
    await ready;
    let result;
    switch (msg.op) {
      case 'query': {
        const r = await db.query(msg.text, msg.params ?? [], {
          rowMode: msg.rowMode,
          parsers,
          blob: msg.blob ? new Blob([msg.blob]) : undefined,
        });
        result = { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
        break;
      }
      case 'copyTo': {
        // The rows come back as one blob; its bytes are handed over, not copied (transfer list below).
        const r = await db.query(msg.text);
        const bytes = r.blob ? await r.blob.arrayBuffer() : new ArrayBuffer(0);
        parentPort.postMessage({ id: msg.id, ok: true, rows: [], rowCount: 0, bytes }, [bytes]);
        return;
      }
      case 'exec':
        await db.exec(msg.text);
        result = { rows: [], rowCount: 0 };
        break;
      case 'close':
        await db.close();
        result = { rows: [], rowCount: 0 };
        break;
      default:
        throw new Error(`unknown op ${msg.op}`);
    }
    parentPort.postMessage({ id: msg.id, ok: true, ...result });
  } catch (e) {
    parentPort.postMessage({
      id: msg.id,
      ok: false,
      error: {
        message: e?.message ?? String(e),
        code: e?.code,
        detail: e?.detail,
        constraint: e?.constraint,
      },
    });
  }
});
