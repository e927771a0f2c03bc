// The floor for bench/deploy: run the same migration files in order on one connection, with no
// bookkeeping at all. Usage: node deploy-floor.mjs URL MIGRATIONS_DIR
import * as fs from 'node:fs/promises'
import * as path from 'node:path'
import pg from 'pg'

const [url, dir] = process.argv.slice(2)
const client = new pg.Client({ connectionString: url })
await client.connect()
const names = (await fs.readdir(dir, { withFileTypes: true }))
  .filter(e => e.isDirectory())
  .map(e => e.name)
  .sort((a, b) => a.localeCompare(b))
for (const name of names) await client.query(await fs.readFile(path.join(dir, name, 'migration.sql'), 'utf8'))
await client.end()
