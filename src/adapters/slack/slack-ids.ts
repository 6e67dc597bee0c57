/**
 * A Slack user id as Slack writes it: `U…` (or `W…` on Enterprise Grid), upper-case letters and
 * digits (docs.slack.dev/reference/objects/user-object).
 */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * A Slack conversation id: `C…` (channel), `G…` (private channel or group DM), `D…` (direct
 * message), upper-case letters and digits (docs.slack.dev/reference/objects/conversation-object).
 */
export const SLACK_CONVERSATION_ID = /^[CGD][A-Z0-9]{2,}$/;
