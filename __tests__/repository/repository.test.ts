import { describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { parse } from 'yaml'
import { PROJECT_ROOT } from '../helpers/run-action.js'
import { changelogSection, isNewestOfMajor, parseTag, releaseNotes } from '../../scripts/release-notes.mjs'

/* eslint-disable @typescript-eslint/no-explicit-any */
type Yaml = any

const read = (rel: string): string => fs.readFileSync(path.join(PROJECT_ROOT, rel), 'utf8')
const yamlFiles = (dir: string): string[] =>
  fs
    .readdirSync(path.join(PROJECT_ROOT, dir))
    .filter(f => f.endsWith('.yml') || f.endsWith('.yaml'))
    .map(f => path.join(dir, f))
/** The repository's workflows (its CI and release, the reusable workflows) and the templates. */
const WORKFLOWS = [...yamlFiles(path.join('.github', 'workflows')), ...yamlFiles('workflow-templates')]

/** This repository: its own action and reusable workflows are referenced by release tag (`@v1`). */
const OWN_REPOSITORY = 'org/db-deploy-action'

/**
 * Third-party actions allowed to stay on a tag, each with the reason. Empty: every action used has a
 * commit SHA established from its own repository.
 */
const TAG_EXCEPTIONS: ReadonlyMap<string, string> = new Map<string, string>([])

interface Use {
  file: string
  line: number
  ref: string
  comment: string | undefined
}

const USES_LINE = /^\s*(?:-\s+)?uses:\s*(['"]?)([^\s'"#]+)\1(?:\s+#\s*(.*?))?\s*$/

/** Every `uses:` of a workflow's text, with the comment that follows it on its line. */
function usesOf(text: string, file: string): Use[] {
  return text.split('\n').flatMap((l, i) => {
    const m = USES_LINE.exec(l)
    return m ? [{ file, line: i + 1, ref: m[2], comment: m[3] }] : []
  })
}

/** The same, read by a YAML parser: every job's `uses` and every step's. */
function parsedUses(text: string): string[] {
  const wf: Yaml = parse(text)
  return Object.values<Yaml>(wf?.jobs ?? {}).flatMap(job => [...(job.uses ? [String(job.uses)] : []), ...((job.steps ?? []) as Yaml[]).filter(s => s.uses).map(s => String(s.uses))])
}

/** What is wrong with a reference, or undefined when it is pinned (or needs no pin). */
function pinProblem(use: Use): string | undefined {
  const { ref, comment } = use
  if (ref.startsWith('./')) return undefined
  if (ref.startsWith('docker://')) return /@sha256:[0-9a-f]{64}$/.test(ref) ? undefined : 'a container image not pinned by its sha256 digest'
  const at = ref.lastIndexOf('@')
  if (at < 0) return 'no @ref'
  const action = ref.slice(0, at)
  const version = ref.slice(at + 1)
  if (action === OWN_REPOSITORY || action.startsWith(`${OWN_REPOSITORY}/`)) return undefined
  if (TAG_EXCEPTIONS.has(action)) return undefined
  if (!/^[0-9a-f]{40}$/.test(version)) return `'${version}' is not a full 40-hex commit SHA`
  if (!comment || !/^v?\d+(\.\d+){0,2}\b/.test(comment)) return 'no version comment after the SHA (e.g. "# v4.2.2")'
  return undefined
}

/** Actions pinned to different commits (or versions) in different places. */
function inconsistentPins(uses: Use[]): string[] {
  const seen = new Map<string, Set<string>>()
  for (const u of uses) {
    const at = u.ref.lastIndexOf('@')
    if (at < 0 || pinProblem(u) !== undefined || !/^[0-9a-f]{40}$/.test(u.ref.slice(at + 1))) continue
    const action = u.ref.slice(0, at)
    seen.set(action, (seen.get(action) ?? new Set()).add(`${u.ref.slice(at + 1)} # ${u.comment?.split(/[\s:]/)[0]}`))
  }
  return [...seen].filter(([, pins]) => pins.size > 1).map(([action, pins]) => `${action}: ${[...pins].join(', ')}`)
}

const allUses = WORKFLOWS.flatMap(f => usesOf(read(f), f))

describe('third-party actions are pinned to full commit SHAs', () => {
  test('the files checked include the CI, release and reusable workflows and the templates', () => {
    for (const f of ['ci.yml', 'release.yml', 'deploy-database.yml', 'restore-database.yml']) expect(WORKFLOWS).toContain(path.join('.github', 'workflows', f))
    expect(WORKFLOWS.filter(f => f.startsWith('workflow-templates')).length).toBeGreaterThanOrEqual(4)
    // Third-party actions are there to check.
    expect(allUses.filter(u => u.ref.startsWith('actions/')).length).toBeGreaterThan(5)
  })

  test.each(WORKFLOWS)('the line scan finds every uses: the YAML parser finds in %s', file => {
    const text = read(file)
    expect(
      usesOf(text, file)
        .map(u => u.ref)
        .sort()
    ).toEqual(parsedUses(text).sort())
  })

  test('every third-party action is @<40-hex SHA> # <version>, or on the exception list', () => {
    const problems = allUses.flatMap(u => {
      const p = pinProblem(u)
      return p ? [`${u.file}:${u.line}: ${u.ref}: ${p}`] : []
    })
    expect(problems).toEqual([])
  })

  test('each action is pinned to the same commit and version everywhere (Dependabot updates .github/workflows only)', () => {
    expect(inconsistentPins(allUses)).toEqual([])
  })

  test('every exception names its reason', () => {
    for (const [action, reason] of TAG_EXCEPTIONS) expect(`${action}: ${reason}`.length).toBeGreaterThan(action.length + 20)
  })

  test('the checks catch tags, branches, short SHAs, missing comments, unpinned images and drifting pins', () => {
    const sample = [
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@main',
      '      - uses: actions/cache@1bd1e32',
      '      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02',
      "      - uses: 'docker://node:20'",
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
      '      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0',
      '      - uses: ./.github/actions/local',
      '      - uses: org/db-deploy-action@v1',
      '  b:',
      '    uses: org/db-deploy-action/.github/workflows/deploy-database.yml@v1',
      '  c:',
      '    uses: someone/workflows/.github/workflows/x.yml@v2'
    ].join('\n')
    const uses = usesOf(sample, 'sample.yml')
    expect(uses.map(u => u.ref).sort()).toEqual(parsedUses(sample).sort())
    const flagged = uses.filter(u => pinProblem(u) !== undefined).map(u => u.ref)
    expect(flagged).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@main',
      'actions/cache@1bd1e32',
      'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02',
      'docker://node:20',
      'someone/workflows/.github/workflows/x.yml@v2'
    ])
    expect(inconsistentPins(uses)).toEqual(['actions/checkout: 11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2, 11d5960a326750d5838078e36cf38b85af677262 # v4.4.0'])
    // A `uses:` the line scan cannot read (flow style) is caught by the comparison with the parser.
    const flow = 'jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{ uses: actions/checkout@v4 }]\n'
    expect(usesOf(flow, 'flow.yml').map(u => u.ref)).not.toEqual(parsedUses(flow))
  })
})

describe('least privilege: the workflow token only reads, except where the release is published', () => {
  const writes = (p: Yaml): string[] =>
    p === undefined
      ? []
      : typeof p === 'string'
        ? p === 'read-all'
          ? []
          : [p]
        : Object.entries<string>(p)
            .filter(([, v]) => v === 'write')
            .map(([k]) => k)

  /**
   * The only write permissions anywhere: the release job's `contents` (tags and releases), and the
   * verify-on-pull-request template's `pull-requests` (the comment verify keeps on the pull request).
   */
  const ALLOWED_WRITES: Record<string, string[]> = {
    [`${path.join('.github', 'workflows', 'release.yml')} publish`]: ['contents'],
    [`${path.join('workflow-templates', 'db-verify-pr.yml')} (workflow)`]: ['pull-requests']
  }

  test.each(WORKFLOWS)('%s declares its permissions, and none writes but where listed (the release job, the pull-request comment)', file => {
    const wf: Yaml = parse(read(file))
    expect(typeof wf.permissions).toBe('object')
    expect(writes(wf.permissions)).toEqual(ALLOWED_WRITES[`${file} (workflow)`] ?? [])
    for (const [name, job] of Object.entries<Yaml>(wf.jobs)) {
      expect([name, writes(job.permissions)]).toEqual([name, ALLOWED_WRITES[`${file} ${name}`] ?? []])
    }
  })

  test('the check catches a write permission', () => {
    expect(writes({ contents: 'write', actions: 'read' })).toEqual(['contents'])
    expect(writes('write-all')).toEqual(['write-all'])
  })

  test('the release job that writes runs no project code: no checkout, no install', () => {
    const wf: Yaml = parse(read(path.join('.github', 'workflows', 'release.yml')))
    expect(wf.jobs.publish.permissions).toEqual({ contents: 'write' })
    expect(wf.jobs.publish.needs).toBe('verify')
    const steps: Yaml[] = wf.jobs.publish.steps
    expect(steps.filter(s => s.uses)).toEqual([])
    for (const s of steps) expect(s.run).not.toMatch(/npm|node |\$\{\{/)
  })
})

describe('CI and release workflows', () => {
  const ci: Yaml = parse(read(path.join('.github', 'workflows', 'ci.yml')))
  const release: Yaml = parse(read(path.join('.github', 'workflows', 'release.yml')))
  const runs = (job: Yaml): string => (job.steps as Yaml[]).map(s => s.run ?? '').join('\n')

  test('CI runs on pushes and pull requests: .ci/run on ubuntu-latest, actionlint over workflows and templates, the dist check', () => {
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push'])
    expect(ci.jobs.test['runs-on']).toBe('ubuntu-latest')
    expect(runs(ci.jobs.test)).toContain('bash .ci/run')
    expect(runs(ci.jobs.actionlint)).toMatch(/actionlint\S* .*\.github\/workflows\/\*\.yml workflow-templates\/\*\.yml/)
    expect(runs(ci.jobs['check-dist'])).toContain('npm run check-dist')
    for (const job of Object.values<Yaml>(ci.jobs)) expect(job['timeout-minutes']).toBeGreaterThan(0)
  })

  test('a release: on a vX.Y.Z tag, verified (branch, dist, version, changelog) before it is published and the major tag moved', () => {
    expect(release.on).toEqual({ push: { tags: ['v[0-9]+.[0-9]+.[0-9]+'] } })
    const verify = runs(release.jobs.verify)
    expect(verify).toContain('git merge-base --is-ancestor')
    expect(verify).toContain('npm run check-dist')
    expect(verify).toContain('node scripts/release-notes.mjs "$GITHUB_REF_NAME"')
    const publish = runs(release.jobs.publish)
    expect(publish).toContain('gh release create "$TAG"')
    expect(publish).toContain('--notes-file')
    expect(publish).toMatch(/git\/refs\/tags\/\$MAJOR/)
    const move = (release.jobs.publish.steps as Yaml[]).find(s => /\$MAJOR/.test(s.run ?? ''))
    expect(move.if).toBe("needs.verify.outputs.newest == 'true'")
    expect(move.env.SHA).toBe('${{ needs.verify.outputs.sha }}')
  })

  /** A step's script run as the runner runs `run:` on Linux, with `gh` replaced by a recorder. */
  function runStep(script: string, env: Record<string, string>, cwd?: string): { status: number | null; stdout: string; calls: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-step-'))
    try {
      const calls = path.join(dir, 'calls')
      // The fake gh: `release view` succeeds when FAKE_RELEASE is set; `api` GET of the major tag prints
      // FAKE_REF (fails when empty); PATCH and POST print the sha they were given, or fail (FAKE_REFUSE).
      fs.writeFileSync(
        path.join(dir, 'gh'),
        [
          '#!/bin/bash',
          `echo "$*" >> '${calls}'`,
          'if [ "$1 $2" = "release view" ]; then [ -n "$FAKE_RELEASE" ]; exit; fi',
          'if [ "$1" = release ]; then exit 0; fi',
          'if [ "$2" = --method ]; then',
          '  [ -n "$FAKE_REFUSE" ] && { echo "gh: refusing to allow a GitHub App to update workflow (HTTP 422)" >&2; exit 1; }',
          '  for a in "$@"; do case "$a" in sha=*) echo "${a#sha=}";; esac; done; exit 0',
          'fi',
          '[ -n "$FAKE_REF" ] && { echo "$FAKE_REF"; exit 0; }',
          'echo "gh: Not Found (HTTP 404)" >&2; exit 1',
          ''
        ].join('\n'),
        { mode: 0o755 }
      )
      const file = path.join(dir, 'step.sh')
      fs.writeFileSync(file, script)
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
        cwd: cwd ?? dir,
        encoding: 'utf8',
        env: { PATH: `${dir}:${process.env.PATH}`, RUNNER_TEMP: dir, GITHUB_REPOSITORY: 'org/db-deploy-action', ...env }
      })
      return { status: r.status, stdout: r.stdout, calls: fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : [] }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }

  test('the release step creates the release with the notes, or updates the notes of one that exists', () => {
    const step = (release.jobs.publish.steps as Yaml[]).find(s => /gh release create/.test(s.run ?? ''))
    const env = { GH_TOKEN: 'x', TAG: 'v1.2.0', NOTES: '### Added\n\n- A thing.', NEWEST: 'false' }
    const created = runStep(step.run, env)
    expect(created.status).toBe(0)
    expect(created.calls).toEqual([
      'release view v1.2.0 --repo org/db-deploy-action',
      expect.stringMatching(/^release create v1\.2\.0 --repo org\/db-deploy-action --verify-tag --title v1\.2\.0 --notes-file \S+\/notes\.md --latest=false$/)
    ])
    expect(created.stdout).toContain('Release v1.2.0 created.')
    const edited = runStep(step.run, { ...env, FAKE_RELEASE: '1' })
    expect(edited.calls[1]).toMatch(/^release edit v1\.2\.0 --repo org\/db-deploy-action --notes-file /)
  })

  test('the major tag: created when missing, moved when elsewhere, left when in place; a refusal says what to do', () => {
    const step = (release.jobs.publish.steps as Yaml[]).find(s => /\$MAJOR/.test(s.run ?? ''))
    const sha = 'a'.repeat(40)
    const env = { GH_TOKEN: 'x', TAG: 'v1.2.0', MAJOR: 'v1', SHA: sha }
    const created = runStep(step.run, env)
    expect([created.status, created.calls[1]]).toEqual([0, `api --method POST repos/org/db-deploy-action/git/refs -f ref=refs/tags/v1 -f sha=${sha} --jq .object.sha`])
    const moved = runStep(step.run, { ...env, FAKE_REF: 'b'.repeat(40) })
    expect([moved.status, moved.calls[1]]).toEqual([0, `api --method PATCH repos/org/db-deploy-action/git/refs/tags/v1 -f sha=${sha} -F force=true --jq .object.sha`])
    expect(moved.stdout).toContain(`v1 now points at ${sha} (v1.2.0).`)
    const inPlace = runStep(step.run, { ...env, FAKE_REF: sha })
    expect([inPlace.status, inPlace.calls.length]).toEqual([0, 1])
    const refused = runStep(step.run, { ...env, FAKE_REF: 'b'.repeat(40), FAKE_REFUSE: '1' })
    expect(refused.status).toBe(1)
    expect(refused.stdout).toMatch(
      /^::error title=v1 not moved::The release v1\.2\.0 is published, but v1 could not be pointed at a{40} .*RELEASE_TAG_TOKEN.*git tag --force v1 a{40} && git push --force origin v1$/m
    )
  })

  test('the verify job refuses a tag whose commit is not on the default branch', () => {
    const step = (release.jobs.verify.steps as Yaml[]).find(s => s.id === 'commit')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-branch-'))
    try {
      const gitEnv = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' }
      const git = (...args: string[]): string => {
        const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, env: gitEnv, encoding: 'utf8' })
        if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`)
        return r.stdout.trim()
      }
      git('init', '-q', '-b', 'main')
      git('commit', '-q', '--allow-empty', '-m', 'on main')
      const onMain = git('rev-parse', 'HEAD')
      git('update-ref', 'refs/remotes/origin/main', onMain)
      const output = path.join(dir, 'github-output')
      fs.writeFileSync(output, '')
      const env = { DEFAULT_BRANCH: 'main', GITHUB_REF_NAME: 'v1.2.0', GITHUB_OUTPUT: output }
      const ok = runStep(step.run, env, dir)
      expect(ok.status).toBe(0)
      expect(fs.readFileSync(output, 'utf8')).toBe(`sha=${onMain}\n`)
      git('checkout', '-q', '-b', 'side')
      git('commit', '-q', '--allow-empty', '-m', 'not merged')
      fs.writeFileSync(output, '')
      const refused = runStep(step.run, env, dir)
      expect(refused.status).toBe(1)
      expect(refused.stdout).toMatch(/^::error title=Tag not on main::v1\.2\.0 points at [0-9a-f]{40}, which is not on main/m)
      expect(fs.readFileSync(output, 'utf8')).toBe('')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  test('Dependabot: npm and GitHub Actions, weekly, grouped', () => {
    const config: Yaml = parse(read(path.join('.github', 'dependabot.yml')))
    expect(config.version).toBe(2)
    const byEcosystem = new Map<string, Yaml>(config.updates.map((u: Yaml) => [u['package-ecosystem'], u]))
    expect([...byEcosystem.keys()].sort()).toEqual(['github-actions', 'npm'])
    for (const u of byEcosystem.values()) {
      expect(u.directory).toBe('/')
      expect(u.schedule.interval).toBe('weekly')
      expect(Object.keys(u.groups ?? {}).length).toBeGreaterThan(0)
    }
  })
})

describe('release notes from CHANGELOG.md (scripts/release-notes.mjs)', () => {
  const CHANGELOG = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '- Next.',
    '',
    '## [1.2.0] - 2026-03-04',
    '',
    '### Added',
    '',
    '- A thing [1.2.0].',
    '',
    '## [1.1.0] - 2026-02-01',
    '',
    '## [1.0.0] - 2026-01-02',
    '',
    '- First.',
    '',
    '[Unreleased]: https://example.com/compare/v1.2.0...HEAD',
    '[1.0.0]: https://example.com/releases/v1.0.0'
  ].join('\n')

  test("a version's section: its body, up to the next version or the link definitions", () => {
    expect(changelogSection(CHANGELOG, '1.2.0')).toBe('### Added\n\n- A thing [1.2.0].')
    expect(changelogSection(CHANGELOG, '1.0.0')).toBe('- First.')
    expect(() => changelogSection(CHANGELOG, '1.1.0')).toThrow("CHANGELOG.md's section for 1.1.0 is empty")
    expect(() => changelogSection(CHANGELOG, '1.3.0')).toThrow("CHANGELOG.md has no section '## [1.3.0] - YYYY-MM-DD'")
    expect(() => changelogSection('## 1.3.0\n\n- x\n', '1.3.0')).toThrow("CHANGELOG.md has '## 1.3.0', but a release's heading must read '## [1.3.0] - YYYY-MM-DD'")
    // A dot in the version is a dot, not any character.
    expect(() => changelogSection('## [1x2x0] - 2026-01-01\n\n- x\n', '1.2.0')).toThrow('no section')
  })

  test('release tags are vMAJOR.MINOR.PATCH and nothing else', () => {
    expect(parseTag('v1.2.3')).toEqual({ version: '1.2.3', major: 1, minor: 2, patch: 3 })
    for (const bad of ['1.2.3', 'v1.2', 'v1.2.3-rc.1', 'v01.2.3', 'v1', 'release-1.2.3']) expect(() => parseTag(bad)).toThrow('is not a release tag')
  })

  test('the major tag moves only to the newest release of its major version', () => {
    const tags = ['v1', 'v1.0.0', 'v1.1.0', 'v1.10.0', 'v2.0.0', 'v1.2.0-rc.1', 'nightly']
    expect(isNewestOfMajor('v1.10.1', tags)).toBe(true)
    expect(isNewestOfMajor('v1.10.0', tags)).toBe(true)
    expect(isNewestOfMajor('v1.9.5', tags)).toBe(false)
    expect(isNewestOfMajor('v2.0.0', tags)).toBe(true)
  })

  test("the tag must be package.json's version", () => {
    expect(releaseNotes({ tag: 'v1.2.0', changelog: CHANGELOG, packageVersion: '1.2.0', tags: ['v1.2.0'] })).toEqual({
      version: '1.2.0',
      majorTag: 'v1',
      newest: true,
      notes: '### Added\n\n- A thing [1.2.0].'
    })
    expect(() => releaseNotes({ tag: 'v1.2.0', changelog: CHANGELOG, packageVersion: '1.1.0', tags: [] })).toThrow("The tag is v1.2.0 but package.json's version is 1.1.0")
  })

  test("this repository's CHANGELOG.md: an Unreleased section first, every release heading dated and in descending order", () => {
    const text = read('CHANGELOG.md')
    const headings = text.split('\n').filter(l => l.startsWith('## '))
    expect(headings[0]).toBe('## [Unreleased]')
    const versions = headings.slice(1).map(h => {
      const m = /^## \[(\d+)\.(\d+)\.(\d+)\] - \d{4}-\d{2}-\d{2}$/.exec(h)
      expect([h, m !== null]).toEqual([h, true])
      return (m as RegExpExecArray).slice(1).map(Number)
    })
    const key = (v: number[]): number => v[0] * 1e12 + v[1] * 1e6 + v[2]
    expect(versions.map(key)).toEqual([...versions.map(key)].sort((a, b) => b - a))
    for (const v of versions) expect(changelogSection(text, v.join('.')).length).toBeGreaterThan(0)
  })

  test('run as the release workflow runs it: the notes printed, the outputs written, refusals with what to fix', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-notes-'))
    try {
      fs.mkdirSync(path.join(dir, 'scripts'))
      fs.copyFileSync(path.join(PROJECT_ROOT, 'scripts', 'release-notes.mjs'), path.join(dir, 'scripts', 'release-notes.mjs'))
      fs.writeFileSync(path.join(dir, 'CHANGELOG.md'), CHANGELOG)
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.2.0' }))
      const env = { PATH: process.env.PATH, HOME: dir, GIT_CONFIG_NOSYSTEM: '1', LANG: 'C.UTF-8' }
      const git = (...args: string[]): void => {
        const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, env, encoding: 'utf8' })
        expect([args.join(' '), r.status, r.stderr]).toEqual([args.join(' '), 0, expect.any(String)])
      }
      git('init', '-q')
      git('add', '.')
      git('commit', '-q', '-m', 'release')
      git('tag', 'v1.1.0')
      git('tag', 'v1.2.0')
      const run = (tag: string): { status: number | null; stdout: string; stderr: string; outputs: string } => {
        const output = path.join(dir, 'github-output')
        fs.writeFileSync(output, '')
        const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'release-notes.mjs'), tag], {
          cwd: dir,
          env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output },
          encoding: 'utf8'
        })
        return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs: fs.readFileSync(output, 'utf8') }
      }
      const ok = run('v1.2.0')
      expect(ok.stderr).toBe('v1.2.0: the newest v1 release; v1 will move to it.\n')
      expect(ok.status).toBe(0)
      expect(ok.stdout).toBe('### Added\n\n- A thing [1.2.0].\n')
      const m = /^version=1\.2\.0\nmajor-tag=v1\nnewest=true\nnotes<<(ghadelimiter_[0-9a-f-]{36})\n### Added\n\n- A thing \[1\.2\.0\]\.\n\1\n$/.exec(ok.outputs)
      expect(m).not.toBeNull()

      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0' }))
      const older = run('v1.0.0')
      expect(older.status).toBe(0)
      expect(older.outputs).toMatch(/^newest=false$/m)
      expect(older.stderr).toBe('v1.0.0: a newer v1 release exists; v1 stays where it is.\n')

      const mismatch = run('v1.2.0')
      expect(mismatch.status).toBe(1)
      expect(mismatch.stderr).toContain('release-notes: The tag is v1.2.0 but package.json\'s version is 1.0.0: set "version": "1.2.0"')
      expect(mismatch.outputs).toBe('')
      expect(run('v1.0').stderr).toContain("release-notes: 'v1.0' is not a release tag")
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the files a reviewer looks for', () => {
  test("LICENSE is the MIT license package.json names, with the project's copyright", () => {
    const license = read('LICENSE')
    expect(JSON.parse(read('package.json')).license).toBe('MIT')
    expect(license.split('\n')[0]).toBe('MIT License')
    expect(license).toMatch(/^Copyright \(c\) 2026 db-deploy-action contributors$/m)
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND')
  })

  test('SECURITY.md: private reporting, the scope, the supported versions', () => {
    const policy = read('SECURITY.md')
    expect(policy).toContain('private vulnerability reporting')
    for (const scope of ['**Secrets**', '**Wrong target**', '**Data loss**', '**False success**']) expect(policy).toContain(scope)
    expect(policy).toMatch(/## Supported versions[\s\S]*\| `v1`/)
  })

  test('CONTRIBUTING.md: the commands, the layout, checks and rules, benchmarks, releases', () => {
    const guide = read('CONTRIBUTING.md')
    for (const s of ['npm run demo', 'npm test', 'docs/architecture.md', 'src/checks/', 'src/risk/rules/', '## Releases', 'RELEASE_TAG_TOKEN']) expect(guide).toContain(s)
    for (const bench of fs.readdirSync(path.join(PROJECT_ROOT, 'bench')).filter(f => !/^(lib|rss-probe|.*-floor)\.mjs$/.test(f))) {
      expect(guide).toContain(`node bench/${bench}`)
    }
  })
})
