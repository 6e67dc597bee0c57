import type { types } from '@slack/bolt';
import { HOME_PAGE_SIZE, type HomeModel } from '../../../app/load-home.ts';
import type { HomeItem, Page } from '../../../app/ports/home-queries.ts';
import type { HomeList } from '../../../app/ports/home-viewers.ts';
import { approvalRule, durationChoicesFor, threatMaxMs, type DecisionPolicy } from '../../../domain/request/approval-rule.ts';
import { checkRevocation } from '../../../domain/lifecycle/allow-permissions.ts';
import { decidedTarget } from '../../../domain/request/request.ts';
import { ACTIONS, ALLOW_BLOCK_ID, DECISION_BLOCK_ID, HOME_ACTIONS, REMINDER_BLOCK_ID } from '../action-ids.ts';
import { clip, code } from '../mrkdwn.ts';
import { activeLine, HOME_HELP_TEXT, homeDecisionWarnings, myRequestLine, pageText, waitingLine } from '../text/home-text.ts';
import { confirmedButton, durationSelect, plain } from './controls.ts';
import { decisionControls } from './decision-controls.ts';
import { homeBlockId } from './home-block-ids.ts';
import { revokeButton } from './revoke-button.ts';

/** A Home tab view as views.publish takes it (docs.slack.dev/reference/methods/views.publish). */
export interface HomeView {
  readonly type: 'home';
  readonly blocks: types.KnownBlock[];
}

/** Slack's limit on blocks in a Home tab view (slack.md §Block Kit limits: 100 in modals and Home tabs). */
export const HOME_MAX_BLOCKS = 100;
/** Slack's limit on a section's text (slack.md §Block Kit limits: section.text 1–3000). */
const SECTION_TEXT_MAX = 3_000;

/**
 * One user's App Home tab, from what loadHome read: the help block, *My requests* (status, host,
 * scope, until when; Revoke on their own approved or active allows), and for approvers *Waiting for
 * you* (the channel message's Approve/Deny controls, under the same rules) and *Active allows*
 * (Extend/Revoke). Controls sit in blocks named homeBlockId(<the channel message's block id>,
 * request id), so a click names the request its block was drawn for and the use-cases judge it as a
 * click in the channel. Each list shows one page, "Showing 11–20 of 37", and Previous/Next buttons
 * (in the list's own order: My requests and Active allows newest first, Waiting for you oldest first).
 * Pure: the same model always gives the same view.
 */
export function renderHome(model: HomeModel, policy: DecisionPolicy): HomeView {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plain('Unblock') },
    section(HOME_HELP_TEXT),
    { type: 'divider' },
    ...list('mine', 'My requests', model.mine, (view) => myRequest(view, model)),
  ];
  if (model.waiting) blocks.push({ type: 'divider' }, ...list('waiting', 'Waiting for you', model.waiting, (view) => waiting(view, model, policy)));
  if (model.active) blocks.push({ type: 'divider' }, ...list('active', 'Active allows', model.active, (view) => activeAllow(view, model, policy)));
  return { type: 'home', blocks };
}

function list(name: HomeList, title: string, page: Page<HomeItem>, row: (view: HomeItem) => types.KnownBlock[]): types.KnownBlock[] {
  return [
    { type: 'header', text: plain(title) },
    { type: 'context', elements: [{ type: 'mrkdwn', text: pageText(page) }] },
    ...page.items.flatMap(row),
    ...pager(name, page),
  ];
}

/**
 * Previous / Next, when the list has more than this page: words that hold whichever way the list is
 * sorted (Waiting for you is oldest first, so its next page holds newer requests). The page index
 * comes from the list's page size, not from how many rows this page has (the last one is short).
 */
function pager(name: HomeList, page: Page<HomeItem>): types.KnownBlock[] {
  const index = Math.floor(page.offset / HOME_PAGE_SIZE[name]);
  const buttons: types.Button[] = [];
  if (page.offset > 0) buttons.push({ type: 'button', action_id: HOME_ACTIONS.previous, text: plain('Previous'), value: `${name}:${index - 1}` });
  if (page.offset + page.items.length < page.total) buttons.push({ type: 'button', action_id: HOME_ACTIONS.next, text: plain('Next'), value: `${name}:${index + 1}` });
  return buttons.length > 0 ? [{ type: 'actions', block_id: `unblock_home_pages:${name}`, elements: buttons }] : [];
}

function myRequest(view: HomeItem, model: HomeModel): types.KnownBlock[] {
  const revocable = checkRevocation({ status: view.request.status, requesterId: view.request.requesterId, actorId: model.viewerId, actorIsApprover: model.isApprover }).ok;
  return [{ ...section(myRequestLine(view)), block_id: homeBlockId(ALLOW_BLOCK_ID, view.request.id), ...(revocable ? { accessory: revokeButton(view) } : {}) }];
}

function waiting(view: HomeItem, model: HomeModel, policy: DecisionPolicy): types.KnownBlock[] {
  const rule = approvalRule(view.evidence, policy);
  const line = section(waitingLine(view, model.viewerId, homeDecisionWarnings(view, rule, threatMaxMs(policy))));
  const { request } = view;
  // The controls are the channel message's, under the same rule; the use-case judges every click again.
  if (request.requesterId === model.viewerId || view.approvals.some((a) => a.approverId === model.viewerId)) return [line];
  const controls = decisionControls(view, rule, policy);
  return [line, { ...controls, block_id: homeBlockId(DECISION_BLOCK_ID, request.id) }];
}

function activeAllow(view: HomeItem, model: HomeModel, policy: DecisionPolicy): types.KnownBlock[] {
  const { request } = view;
  const rule = approvalRule(view.evidence, policy);
  const host = decidedTarget(request, view.decision).value;
  const extendable = request.status === 'active' && rule.requiredApprovals === 1 && request.requesterId !== model.viewerId;
  const elements: types.ActionsBlockElement[] = [
    ...(extendable
      ? [
          durationSelect(ACTIONS.extendDuration, durationChoicesFor(rule, policy), 'Extend by…'),
          confirmedButton({ actionId: ACTIONS.extend, text: 'Extend', style: 'primary', requestId: request.id, title: 'Extend this allow?', body: `The allow for ${code(host)} will last the chosen time from now.`, confirm: 'Extend' }),
        ]
      : []),
    revokeButton(view),
  ];
  return [section(activeLine(view)), { type: 'actions', block_id: homeBlockId(REMINDER_BLOCK_ID, request.id), elements }];
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, SECTION_TEXT_MAX) } };
}
