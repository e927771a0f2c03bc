import { afterAll, describe, expect, test } from '@jest/globals'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { writeDeployConfig, GENERATED_CONFIG_NAME } from '../../src/prisma/config.js'

/**
 * The Prisma configuration the action writes for one run, beside the project's: created
 * exclusively (never over a file, never through a link), removed only while it is still that file.
 */

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-config-file-'))
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

function project(): string {
  const dir = fs.mkdtempSync(path.join(scratch, 'p-'))
  fs.writeFileSync(path.join(dir, 'prisma.config.ts'), "export default { schema: 'prisma/schema.prisma' }\n")
  return dir
}

const options = (dir: string) => ({
  workingDirectory: dir,
  schemaPath: path.join(dir, 'prisma', 'schema.prisma'),
  migrationsDir: path.join(dir, 'prisma', 'migrations'),
  major: 7,
  urlVariable: 'DATABASE_URL'
})

describe('the generated configuration file', () => {
  test('is written beside the project’s, 0600, and removed after the run', async () => {
    const dir = project()
    const config = await writeDeployConfig(options(dir))
    expect(config.file).toBe(path.join(dir, GENERATED_CONFIG_NAME))
    expect(fs.statSync(config.file).mode & 0o777).toBe(0o600)
    expect(fs.readFileSync(config.file, 'utf8')).toContain('import base from "./prisma.config.ts"')
    await config.remove()
    expect(fs.existsSync(config.file)).toBe(false)
  })

  test('a file of that name in the repository is refused and left as it is', async () => {
    const dir = project()
    fs.writeFileSync(path.join(dir, GENERATED_CONFIG_NAME), 'committed by someone\n')
    await expect(writeDeployConfig(options(dir))).rejects.toThrow(/exists already: the action writes its own Prisma configuration under that name/)
    expect(fs.readFileSync(path.join(dir, GENERATED_CONFIG_NAME), 'utf8')).toBe('committed by someone\n')
  })

  test('a symbolic link of that name is refused: the file it points to, outside the workspace, is not written', async () => {
    const dir = project()
    const outside = path.join(fs.mkdtempSync(path.join(scratch, 'outside-')), 'victim.ts')
    fs.writeFileSync(outside, 'do not touch\n')
    fs.symlinkSync(outside, path.join(dir, GENERATED_CONFIG_NAME))
    await expect(writeDeployConfig(options(dir))).rejects.toThrow(/exists already/)
    expect(fs.readFileSync(outside, 'utf8')).toBe('do not touch\n')
    expect(fs.lstatSync(path.join(dir, GENERATED_CONFIG_NAME)).isSymbolicLink()).toBe(true)
  })

  test('a file that replaced it during the run is not removed', async () => {
    const dir = project()
    const config = await writeDeployConfig(options(dir))
    fs.rmSync(config.file)
    await new Promise(resolve => setTimeout(resolve, 20))
    fs.writeFileSync(config.file, 'someone else’s\n')
    await config.remove()
    expect(fs.readFileSync(config.file, 'utf8')).toBe('someone else’s\n')
  })
})
