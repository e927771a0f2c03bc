/**
 * Runs before every test file (jest `setupFiles`). libpq's variables (PGHOST, PGSSLMODE, PGOPTIONS,
 * PGCONNECT_TIMEOUT, …) are read by node-postgres and by the server tools the tests start; a test
 * sets the ones it needs and never inherits them from the machine.
 */
for (const name of Object.keys(process.env)) {
  if (name.startsWith('PG')) delete process.env[name]
}
