#!/usr/bin/env node
// The checks and the notes of a release, for the release workflow and for a maintainer's preview:
//   node scripts/release-notes.mjs v1.2.3
// Fails, saying what to fix, unless the tag is vX.Y.Z, package.json holds version X.Y.Z and
// CHANGELOG.md has a non-empty section headed `## [X.Y.Z] - YYYY-MM-DD`. Prints that section's
// body; in GitHub Actions (GITHUB_OUTPUT set) also writes the outputs version, major-tag, newest
// (whether no vX.*.* tag is newer, so the major tag may move) and notes.
import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import { fileURLToPath } from 'node:url'

const TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/

/**
 * @param {string} tag
 * @returns {{ version: string, major: number, minor: number, patch: number }}
 */
export function parseTag(tag) {
  const m = TAG.exec(tag)
  if (!m) throw new Error(`'${tag}' is not a release tag: release tags are v<major>.<minor>.<patch>, e.g. v1.2.3 (no prefix, no suffix, no leading zeros).`)
  return { version: tag.slice(1), major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) }
}

const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The body of the changelog's section for a version (Keep a Changelog: `## [1.2.3] - 2026-05-04`),
 * up to the next `## ` heading or the link definitions at the end.
 * @param {string} changelog
 * @param {string} version
 * @returns {string}
 */
export function changelogSection(changelog, version) {
  const lines = changelog.split(/\r?\n/)
  const heading = new RegExp(`^## \\[${escape(version)}\\] - \\d{4}-\\d{2}-\\d{2}\\s*$`)
  const start = lines.findIndex(l => heading.test(l))
  if (start < 0) {
    const loose = lines.find(l => new RegExp(`^##\\s.*\\b${escape(version)}\\b`).test(l))
    throw new Error(
      loose
        ? `CHANGELOG.md has '${loose}', but a release's heading must read '## [${version}] - YYYY-MM-DD' (the release date).`
        : `CHANGELOG.md has no section '## [${version}] - YYYY-MM-DD': move the entries under '## [Unreleased]' into it before tagging.`
    )
  }
  const end = lines.findIndex((l, i) => i > start && (/^## /.test(l) || /^\[[^\]]+\]:\s/.test(l)))
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join('\n')
    .trim()
  if (body === '') throw new Error(`CHANGELOG.md's section for ${version} is empty: say what changed in it.`)
  return body
}

/**
 * Whether no release tag of the same major version is newer than this one (a fix released for an
 * older minor version must not move the major tag back).
 * @param {string} tag
 * @param {string[]} tags
 */
export function isNewestOfMajor(tag, tags) {
  const self = parseTag(tag)
  const key = (/** @type {{ minor: number, patch: number }} */ v) => v.minor * 1e6 + v.patch
  return tags
    .filter(t => TAG.test(t))
    .map(parseTag)
    .every(v => v.major !== self.major || key(v) <= key(self))
}

/**
 * @param {{ tag: string, changelog: string, packageVersion: string, tags: string[] }} release
 */
export function releaseNotes({ tag, changelog, packageVersion, tags }) {
  const { version, major } = parseTag(tag)
  if (packageVersion !== version) {
    throw new Error(
      `The tag is ${tag} but package.json's version is ${packageVersion}: set "version": "${version}" in package.json (and package-lock.json, with npm version ${version} --no-git-tag-version), commit, and tag that commit.`
    )
  }
  return { version, majorTag: `v${major}`, newest: isNewestOfMajor(tag, tags), notes: changelogSection(changelog, version) }
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const tag = process.argv[2] ?? ''
  const listed = spawnSync('git', ['tag', '--list', 'v*'], { cwd: root, encoding: 'utf8' })
  if (listed.status !== 0) throw new Error(`git tag --list failed: ${listed.stderr || listed.error}`)
  const release = releaseNotes({
    tag,
    changelog: fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'),
    packageVersion: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version,
    tags: listed.stdout.split('\n').filter(t => t !== '')
  })
  process.stdout.write(`${release.notes}\n`)
  const output = process.env.GITHUB_OUTPUT
  if (output) {
    const delimiter = `ghadelimiter_${randomUUID()}`
    fs.appendFileSync(output, `version=${release.version}\nmajor-tag=${release.majorTag}\nnewest=${release.newest}\nnotes<<${delimiter}\n${release.notes}\n${delimiter}\n`)
    console.error(
      `${tag}: ${release.newest ? `the newest ${release.majorTag} release; ${release.majorTag} will move to it` : `a newer ${release.majorTag} release exists; ${release.majorTag} stays where it is`}.`
    )
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main()
  } catch (err) {
    console.error(`release-notes: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
