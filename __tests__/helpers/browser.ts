import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createRequire } from 'node:module'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import type { Browser, Page } from 'puppeteer-core'

/**
 * Markdown shown the way GitHub shows a job summary or a comment: rendered as GitHub-flavoured
 * Markdown (raw HTML kept, as GitHub keeps the elements the action writes), styled with GitHub's
 * markdown stylesheet (the github-markdown-css package) in a column of GitHub's content width, and
 * drawn by headless Chromium from the Debian package (driven by puppeteer-core: no browser is
 * downloaded).
 */

/** The width of the column GitHub gives a job summary or a comment's body. */
export const GITHUB_COLUMN_PX = 1012
/** The height of a first screen. */
export const FIRST_SCREEN_PX = 900

/** Where the Debian package (or another distribution's) puts Chromium; undefined when none is installed. */
export function findChromium(): string | undefined {
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium']
  return candidates.find(file => {
    try {
      fs.accessSync(file, fs.constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

/** GFM with the raw HTML kept: the action writes its reports as HTML blocks. */
export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] })
}

const require = createRequire(import.meta.url)
const STYLESHEET = fs.readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')

/** A page holding `markdown` as GitHub shows it: the column exactly GitHub's width, no margin around it. */
export function githubPage(markdown: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<style>${STYLESHEET}</style>`,
    `<style>body { margin: 0; background: #fff; } .markdown-body { box-sizing: border-box; width: ${GITHUB_COLUMN_PX}px; padding: 0; }</style>`,
    `</head><body><article class="markdown-body">${renderGfm(markdown)}</article></body></html>`
  ].join('\n')
}

export interface Chromium {
  browser: Browser
  close(): Promise<void>
}

/**
 * One headless Chromium for the test file: no sandbox (tests run as root in a container), no GPU,
 * nothing that reaches the network on its own, a fresh profile in a temporary folder.
 */
export async function launchChromium(executablePath: string): Promise<Chromium> {
  const { launch } = await import('puppeteer-core')
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-profile-'))
  const browser = await launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`
    ]
  })
  return {
    browser,
    async close() {
      await browser.close()
      fs.rmSync(profile, { recursive: true, force: true })
    }
  }
}

/** A new page showing `markdown` in GitHub's column, the viewport as wide as the column and a first screen high. */
export async function openMarkdown(chromium: Chromium, markdown: string): Promise<Page> {
  const page = await chromium.browser.newPage()
  await page.setViewport({ width: GITHUB_COLUMN_PX, height: FIRST_SCREEN_PX })
  // Every request is refused: the page is what the action wrote, with nothing fetched.
  await page.setRequestInterception(true)
  page.on('request', request => void (request.url().startsWith('data:') ? request.continue() : request.abort()))
  await page.setContent(githubPage(markdown), { waitUntil: 'load' })
  return page
}
