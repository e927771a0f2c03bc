// The floor for bench/verify: the least any verify must do. Connect with pg, select the
// bookkeeping rows, read and hash every migration.sql. Usage: node verify-floor.mjs URL DIR
import { createHash } from 'node:crypto'
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import pg from 'pg'

const [url, dir] = process.argv.slice(2)
const client = new pg.Client({ connectionString: url })
await client.connect()
const rows = (await client.query('SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at')).rows
const names = (await fs.readdir(dir, { withFileTypes: true }))
  .filter(e => e.isDirectory())
  .map(e => e.name)
  .sort((a, b) => a.localeCompare(b))
const hashes = await Promise.all(
  names.map(async n =>
    createHash('sha256')
      .update(await fs.readFile(path.join(dir, n, 'migration.sql')))
      .digest('hex')
  )
)
await client.end()
if (hashes.length !== rows.length) process.exit(1)
