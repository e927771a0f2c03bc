/** The one home of the formatters every phase prints with. */

/** `1 migration`, `2 migrations`. */
export function counted(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
