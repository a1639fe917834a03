/**
 * SQLite (C, built with Emscripten) from the `sql.js` package, through its own glue: an
 * in-memory database filled by a recursive CTE (30,000 rows) and a prepared statement from JS
 * (500 rows), an index, an UPDATE, a GROUP BY aggregate and a self-join through the index.
 */
import initSqlJs from 'sql.js';
import { fnv } from './text.ts';

const GENERATED_ROWS = 30_000;
const BOUND_ROWS = 500;

export async function workload(): Promise<string> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, score REAL)');
  db.run('BEGIN');
  db.run(`WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < ${GENERATED_ROWS - 1})
          INSERT INTO t SELECT i, i % 97, printf('name%d', (i * 7919) % 5003), ((i * 31) % 1000) / 10.0 FROM c`);
  const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
  for (let i = GENERATED_ROWS; i < GENERATED_ROWS + BOUND_ROWS; i++) insert.run([i, i % 97, `name${(i * 7919) % 5003}`, ((i * 31) % 1000) / 10]);
  insert.free();
  db.run('COMMIT');
  db.run('CREATE INDEX t_name ON t (name)');
  db.run('UPDATE t SET score = score * 2 WHERE grp % 3 = 0');
  const groups = db.exec('SELECT grp, count(*), sum(score), max(name) FROM t GROUP BY grp ORDER BY grp');
  const joined = db.exec('SELECT count(*), sum(a.score - b.score) FROM t a JOIN t b ON a.name = b.name WHERE a.score > 90');
  db.close();
  return fnv(JSON.stringify([groups, joined]));
}
