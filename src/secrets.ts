import * as core from '@actions/core'

/**
 * Every secret the action knows of, registered with the runner (`::add-mask::`) and kept here so that
 * the action can remove it from any text it prints itself. The runner's masking misses transformed
 * forms (URL-encoded, split, quoted), so the action scrubs before printing and never relies on it.
 */
const secrets = new Set<string>()

export function registerSecret(value: string | undefined | null): void {
  if (!value) return
  const forms = new Set<string>([value])
  try {
    forms.add(encodeURIComponent(value))
    forms.add(decodeURIComponent(value))
  } catch {
    // not valid percent-encoding: the raw form is registered already
  }
  for (const form of forms) {
    if (form.length === 0 || secrets.has(form)) continue
    secrets.add(form)
    core.setSecret(form)
  }
}

/** Replaces every registered secret (longest first) in `text` with `***`. */
export function scrub(text: string): string {
  let out = text
  const ordered = [...secrets].sort((a, b) => b.length - a.length)
  for (const secret of ordered) {
    if (out.includes(secret)) out = out.split(secret).join('***')
  }
  return out
}
