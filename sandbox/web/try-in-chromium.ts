/**
 * Walks a running sandbox through the story in headless Chromium and saves a screenshot of each step:
 * `node sandbox/web/try-in-chromium.ts [url] [shots-prefix]` (defaults http://127.0.0.1:4480/ and
 * /tmp/page-). Exits 1 and lists what went wrong, if anything did. See chromium-story.ts.
 */
import { walkTheStory } from './chromium-story.ts';

const problems = await walkTheStory(process.argv[2] ?? 'http://127.0.0.1:4480/', process.argv[3] ?? '/tmp/page-');
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('The page went through the story without an error.');
