import * as core from '@actions/core'
import { scrub } from './secrets.js'

/** Log helpers: every line the action prints goes through `scrub`. */
export function info(text: string): void {
  core.info(scrub(text))
}

export function warning(text: string): void {
  core.warning(scrub(text))
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const minutes = Math.floor(ms / 60_000)
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`
}
