/** The archive formats of pg_dump the action writes and reads: one file (`-Fc`) or a folder (`-Fd`). */
export const BACKUP_FORMATS = ['custom', 'directory'] as const
export type BackupFormat = (typeof BACKUP_FORMATS)[number]
