import { link, type Markup } from './markup.js'

/**
 * Lists in a report. A list that grows with the project (pending, rehearsed, restored migrations)
 * shows its first few items and folds the rest into a `<details>`, so that a hundred migrations
 * take no more room than five until the reader asks for them.
 */

/** Items a growing list shows before it folds the rest. */
export const SHOWN_BEFORE_FOLD = 5

/** A name (shown as code, linked when `href` is given), optionally followed by a short note (`12 ms`). */
export type ListItem = string | { name: string; note?: string; href?: string }

export interface FoldOptions {
  /** Items shown before the rest is folded; every item when undefined (a list that does not grow). */
  shown?: number
  /** Each item a sentence of the action's (a runbook step), its `quoted` spans as code, instead of a name. */
  prose?: boolean
  /** The longest name shown (a comment's room is limited). */
  maxName?: number
}

/**
 * The list as HTML blocks, each one line: an `<ol>` of the items shown, then (when some are folded)
 * a `<details>` holding the rest, numbered on. No blocks for an empty list.
 */
export function foldedList(items: readonly ListItem[], m: Markup, o: FoldOptions = {}): string[] {
  if (items.length === 0) return []
  const shown = o.shown === undefined || items.length <= o.shown + 1 ? items.length : o.shown
  const li = (item: ListItem): string => {
    if (typeof item === 'string') return `<li>${o.prose ? m.prose(item) : m.code(item, o.maxName)}</li>`
    return `<li>${link(item.href, m.code(item.name, o.maxName))}${item.note ? ` ${m.text(item.note, 200)}` : ''}</li>`
  }
  const blocks = shown > 0 ? [`<ol>${items.slice(0, shown).map(li).join('')}</ol>`] : []
  const rest = items.slice(shown)
  if (rest.length > 0) {
    const summary = shown > 0 ? `Show the other ${rest.length}` : `Show all ${rest.length}`
    blocks.push(`<details><summary>${summary}</summary><ol${shown > 0 ? ` start="${shown + 1}"` : ''}>${rest.map(li).join('')}</ol></details>`)
  }
  return blocks
}
