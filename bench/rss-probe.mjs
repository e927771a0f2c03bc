// Preloaded with `node --import` by the benchmarks: on exit, writes the process's peak RSS (KiB)
// to the file named by RSS_PROBE_FILE.
import * as fs from 'node:fs'

process.on('exit', () => {
  if (process.env.RSS_PROBE_FILE) fs.writeFileSync(process.env.RSS_PROBE_FILE, String(process.resourceUsage().maxRSS))
})
