import { runPost } from './cleanup/post-step.js'

await runPost()
