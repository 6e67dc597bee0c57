import { SLASH_COMMAND } from '../action-ids.ts';

/**
 * How to write the slash command, with an example: the answer to `/portal-blocked` alone or
 * `/portal-blocked help`. Plain text; refusalText escapes it for mrkdwn.
 */
export const USAGE_TEXT =
  `Usage: \`${SLASH_COMMAND} <url or hostname> [what fails]\`, ` +
  `for example \`${SLASH_COMMAND} https://logistics.contoso.com the shipping app fails since Monday\`.`;
